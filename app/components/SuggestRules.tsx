/** "Suggest rules from this trace": mined candidates with their support, ticked and checked at once or saved as a .rules file. */
import { useState } from 'react';
import { cancelSuggest, saveText, suggestRules, useCompare } from '../compare-store.ts';
import { configureRules } from '../load.ts';
import { useView } from '../store.ts';

export function SuggestRules() {
  const summary = useView((s) => s.summary);
  const mining = useCompare((s) => s.mining);
  const candidates = useCompare((s) => s.candidates);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  if (!summary) return null;
  const chosen = (candidates ?? []).filter((c) => ticked.has(c.id));
  const fileText = () =>
    [
      `# Rules mined by vqscope from ${summary.file}; each held with no violation on it.`,
      ...chosen.map((c) => c.printed.split('\n').slice(2).join('\n').trim()),
    ].join('\n\n');
  const toggle = (id: string) => {
    const next = new Set(ticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setTicked(next);
  };
  return (
    <section className="suggest" aria-label="Suggested rules">
      <div className="row">
        <button type="button" onClick={() => void suggestRules().then(() => setTicked(new Set()))} disabled={!!mining}>
          Suggest rules from this trace
        </button>
        {mining && (
          <>
            <progress aria-label="Mining progress" max={mining.total} value={mining.done} />
            <button type="button" onClick={cancelSuggest}>
              Cancel
            </button>
          </>
        )}
      </div>
      {candidates && candidates.length === 0 && <p className="muted">No rule held on this trace with enough support.</p>}
      {candidates && candidates.length > 0 && (
        <>
          <ul className="candidates" aria-label="Rule candidates">
            {candidates.map((c) => (
              <li key={c.id}>
                <label>
                  <input type="checkbox" checked={ticked.has(c.id)} onChange={() => toggle(c.id)} /> {c.title}
                </label>
                <div className="muted">
                  support: {c.support} instance{c.support === 1 ? '' : 's'}
                  {c.key ? ` over ${c.keys} ${c.key} key${c.keys === 1 ? '' : 's'}` : ''} · {c.kind}
                </div>
                <pre className="candidate-text">{c.text}</pre>
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" className="link" onClick={() => setTicked(new Set(candidates.map((c) => c.id)))}>
              tick all
            </button>
            <button
              type="button"
              className="primary"
              disabled={chosen.length === 0}
              onClick={() =>
                void configureRules({
                  // The ticked rules replace the editor's; the packs in use stay.
                  packs: summary.packs,
                  ruleText: fileText(),
                  ruleFileName: 'mined rules',
                })
              }
            >
              Check with the ticked rules ({chosen.length})
            </button>
            <button type="button" disabled={chosen.length === 0} onClick={() => saveText('mined.rules', `${fileText()}\n`)}>
              Save as .rules
            </button>
          </div>
        </>
      )}
    </section>
  );
}
