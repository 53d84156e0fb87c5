/** Rules in the app: toggle built-in packs, write or load rules, check again without reading the trace again. */
import { useEffect, useState } from 'react';
import { configureRules } from '../load.ts';
import { useView } from '../store.ts';
import { SuggestRules } from './SuggestRules.tsx';

export function RulesPanel() {
  const summary = useView((s) => s.summary);
  const [packs, setPacks] = useState<string[] | undefined>(undefined);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();

  useEffect(() => {
    setPacks(summary?.rulesConfig.packs);
    setText(summary?.rulesConfig.ruleText ?? '');
    setFileName(summary?.rulesConfig.ruleFileName);
  }, [summary?.rulesConfig]);

  if (!summary) return null;
  const auto = packs === undefined;
  const active = new Set(auto ? (summary.rulesConfig.ruleText ? [] : summary.packs) : packs);
  const toggle = (id: string) => {
    const next = new Set(active);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPacks([...next]);
  };
  const apply = () =>
    void configureRules({
      packs: auto && !text.trim() ? undefined : [...active],
      ruleText: text.trim() ? text : undefined,
      ruleFileName: fileName ?? 'rules in the editor',
    });

  return (
    <section className="rules-panel" aria-label="Rules">
      <fieldset>
        <legend>Built-in packs {auto && <span className="muted">(automatic: packs whose events occur)</span>}</legend>
        {summary.availablePacks.map((p) => (
          <label key={p.id} className="pack">
            <input type="checkbox" checked={active.has(p.id)} onChange={() => toggle(p.id)} /> <strong>{p.id}</strong>{' '}
            <span className="muted">{p.title}</span>
          </label>
        ))}
        {!auto && (
          <button type="button" className="link" onClick={() => setPacks(undefined)}>
            back to automatic
          </button>
        )}
      </fieldset>
      <label className="rule-text">
        Your rules{' '}
        <span className="muted">
          (one per line, e.g. <code>per buffer: send precedes complete</code>)
        </span>
        <textarea
          value={text}
          spellCheck={false}
          rows={6}
          onChange={(e) => setText(e.target.value)}
          placeholder="do_hola alternates do_chau"
        />
      </label>
      <div className="row">
        <label className="button">
          Load rules
          <input
            type="file"
            accept=".rules,.txt"
            className="visually-hidden"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              setText(await f.text());
              setFileName(f.name);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" className="primary" onClick={apply}>
          Check again
        </button>
      </div>
      <SuggestRules />
      <h3>Rules in use ({summary.rules.length})</h3>
      <ul className="rule-list">
        {summary.rules.map((r) => (
          <li key={r.id}>
            <strong>{r.title}</strong> <code>{r.id}</code>
            <div className="muted">
              {r.severity === 'error' ? 'MUST' : 'SHOULD'}
              {r.cite ? ` · ${r.cite}` : ''}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
