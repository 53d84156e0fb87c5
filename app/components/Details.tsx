/** What the selected violation means: the sentence, the rule with its spec citation and reading, and the raw lines. */
import { useEffect, useState } from 'react';
import type { EventInfo } from '../../worker/protocol.ts';
import { engine } from '../engine-client.ts';
import { copyForEmail, copyLink, WHOLE_TRACE_LINK_BYTES } from '../share.ts';
import { useView } from '../store.ts';

export function SharedText() {
  const shared = useView((s) => s.shared);
  if (!shared) return null;
  const label = shared.kind === 'email' ? 'Email text' : 'Permalink';
  return (
    <div className="shared">
      <span className="muted">{shared.copied ? `${label} copied to the clipboard:` : `${label} (copy it from here):`}</span>
      {shared.kind === 'email' ? (
        <textarea readOnly aria-label={label} value={shared.text} rows={8} spellCheck={false} />
      ) : (
        <input readOnly aria-label={label} value={shared.text} onFocus={(e) => e.currentTarget.select()} />
      )}
    </div>
  );
}

export function Details() {
  const summary = useView((s) => s.summary);
  const selected = useView((s) => s.selectedViolation);
  const v = summary?.violations.find((x) => x.id === selected);
  const rule = summary?.rules.find((r) => r.id === v?.rule);
  const [raw, setRaw] = useState<{ line: number; text: string }[]>([]);
  const [infos, setInfos] = useState<EventInfo[]>([]);

  useEffect(() => {
    if (!v) {
      setRaw([]);
      setInfos([]);
      return;
    }
    const events = [v.event, ...(v.expectedEvent !== null ? [v.expectedEvent] : [])].sort((a, b) => a - b);
    let live = true;
    void engine()
      .rawLines(events)
      .then((r) => {
        if (live) setRaw(r);
      });
    void Promise.all(events.map((e) => engine().eventInfo(e))).then((r) => {
      if (live) setInfos(r.filter((x): x is EventInfo => x !== undefined));
    });
    return () => {
      live = false;
    };
  }, [v]);

  if (!v) return null;
  return (
    <section className="details" aria-label="Violation details">
      <p className="sentence">{v.message}</p>
      <dl className="rule-meta">
        <dt>Rule</dt>
        <dd>
          {v.title} <code>{v.rule}</code>
        </dd>
        {v.cite && (
          <>
            <dt>Specification</dt>
            <dd>{v.cite}</dd>
          </>
        )}
        {rule?.quote && (
          <>
            <dt>Quote</dt>
            <dd className="quote">{rule.quote}</dd>
          </>
        )}
        {v.reading && (
          <>
            <dt>Reading</dt>
            <dd>{v.reading}</dd>
          </>
        )}
      </dl>
      <div className="share-actions">
        <button type="button" onClick={() => void copyLink(v.id)}>
          Copy link
        </button>
        {summary && summary.bytes <= WHOLE_TRACE_LINK_BYTES && (
          <button type="button" onClick={() => void copyLink(v.id, true)}>
            Copy link to the whole trace
          </button>
        )}
        <button type="button" onClick={() => void copyForEmail(v.id)}>
          Copy for email
        </button>
      </div>
      <div className="raw">
        {raw.map((r) => (
          <div key={r.line} className={r.line === v.line ? 'raw-row offending' : 'raw-row'}>
            <span className="ln">line {r.line}</span>
            <code>{r.text}</code>
          </div>
        ))}
      </div>
      {infos.some((i) => Object.keys(i.named).length > 0) && (
        <dl className="fields decoded-values" aria-label="Decoded values">
          {infos.flatMap((i) =>
            Object.entries(i.named).map(([k, d]) => (
              <div key={`${i.index}:${k}`}>
                <dt>
                  line {i.line} {k}
                </dt>
                <dd>
                  {i.fields.find(([f]) => f === k)?.[1]} <span className="decoded">= {d}</span>
                </dd>
              </div>
            )),
          )}
        </dl>
      )}
    </section>
  );
}
