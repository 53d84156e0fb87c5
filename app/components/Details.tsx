/** What the selected violation means: the sentence, the rule with its spec citation and reading, and the raw lines. */
import { useEffect, useState } from 'react';
import { engine } from '../engine-client.ts';
import { useView } from '../store.ts';

export function Details() {
  const summary = useView((s) => s.summary);
  const selected = useView((s) => s.selectedViolation);
  const v = summary?.violations.find((x) => x.id === selected);
  const rule = summary?.rules.find((r) => r.id === v?.rule);
  const [raw, setRaw] = useState<{ line: number; text: string }[]>([]);

  useEffect(() => {
    if (!v) {
      setRaw([]);
      return;
    }
    const events = [v.event, ...(v.expectedEvent !== null ? [v.expectedEvent] : [])].sort((a, b) => a - b);
    let live = true;
    void engine()
      .rawLines(events)
      .then((r) => {
        if (live) setRaw(r);
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
      <div className="raw">
        {raw.map((r) => (
          <div key={r.line} className={r.line === v.line ? 'raw-row offending' : 'raw-row'}>
            <span className="ln">line {r.line}</span>
            <code>{r.text}</code>
          </div>
        ))}
      </div>
    </section>
  );
}
