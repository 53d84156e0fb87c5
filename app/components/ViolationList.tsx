/** The violations, one item each, with filters; selecting one zooms the timeline to it. */
import { useEffect, useMemo, useRef } from 'react';
import type { ViolationView } from '../../worker/protocol.ts';
import { useCompare } from '../compare-store.ts';
import { copyLink } from '../share.ts';
import { fullDomain, useView } from '../store.ts';
import { clampDomain, domainForViolation, minSpan } from '../view-math.ts';

/** On two files opened together, a violation names its file. */
const baseName = (f: string) => f.split(/[\\/]/).pop() ?? f;

export function selectViolation(v: ViolationView): void {
  const st = useView.getState();
  if (!st.summary) return;
  const full = fullDomain(st.summary, st.axis);
  st.set({
    selectedViolation: v.id,
    selectedEvent: v.event,
    domain: clampDomain(domainForViolation(v, st.axis, full), full, minSpan(st.axis)),
  });
}

/** The findings listed as violations (errors and warnings; notes are listed apart), filtered. */
export function visibleViolations(all: readonly ViolationView[], rule: string, severity: 'all' | 'error' | 'warning'): ViolationView[] {
  return all.filter((v) => v.severity !== 'note' && (!rule || v.rule === rule) && (severity === 'all' || v.severity === severity));
}

/** Obligations still open at the end of the trace: notes, listed in their own collapsed group. */
export function openAtEnd(all: readonly ViolationView[], rule: string): ViolationView[] {
  return all.filter((v) => v.severity === 'note' && (!rule || v.rule === rule));
}

export function ViolationList() {
  const summary = useView((s) => s.summary);
  const selected = useView((s) => s.selectedViolation);
  const ruleFilter = useView((s) => s.ruleFilter);
  const severityFilter = useView((s) => s.severityFilter);
  const set = useView((s) => s.set);
  const listRef = useRef<HTMLUListElement>(null);
  const comparison = useCompare((s) => s.comparison);
  const shown = useMemo(
    () => visibleViolations(summary?.violations ?? [], ruleFilter, severityFilter),
    [summary, ruleFilter, severityFilter],
  );

  useEffect(() => {
    if (selected) listRef.current?.querySelector(`[data-id="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const notes = useMemo(() => openAtEnd(summary?.violations ?? [], ruleFilter), [summary, ruleFilter]);

  if (!summary) return null;
  const errors = summary.violations.filter((v) => v.severity === 'error').length;
  const warnings = summary.violations.filter((v) => v.severity === 'warning').length;
  const rulesWith = [...new Set(summary.violations.map((v) => v.rule))];
  return (
    <section className="violations" aria-labelledby="violations-heading">
      <header className="panel-head">
        <h2 id="violations-heading">
          {errors === 0 ? 'No violations' : `${errors} violation${errors === 1 ? '' : 's'}`}
          {warnings > 0 && (
            <span className="muted">
              {' '}
              · {warnings} warning{warnings === 1 ? '' : 's'}
            </span>
          )}
        </h2>
        <div className="filters">
          <label>
            Rule{' '}
            <select value={ruleFilter} onChange={(e) => set({ ruleFilter: e.target.value })}>
              <option value="">all</option>
              {rulesWith.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Severity{' '}
            <select value={severityFilter} onChange={(e) => set({ severityFilter: e.target.value as 'all' | 'error' | 'warning' })}>
              <option value="all">all</option>
              <option value="error">errors</option>
              <option value="warning">warnings</option>
            </select>
          </label>
        </div>
      </header>
      {errors === 0 && (
        <p className="no-violations">
          No violations: {summary.events.toLocaleString('en-US')} events checked against {summary.rules.length} rule(s)
          {summary.packs.length ? ` of ${summary.packs.join(', ')}` : ''}.
        </p>
      )}
      <ul aria-label="Violations" ref={listRef} className="violation-list">
        {shown.map((v) => (
          <ViolationItem key={v.id} v={v} selected={v.id === selected} />
        ))}
      </ul>
      {notes.length > 0 && (
        <details className="open-at-end">
          {/* A followed file has no end yet: what is open is open so far. */}
          <summary>
            {summary?.following ? 'Open so far' : 'Open at end of trace'} ({notes.length})
          </summary>
          <p className="muted">
            {summary?.following
              ? 'Obligations not met yet by the lines written so far (a buffer popped and not yet used): notes, not violations.'
              : 'Obligations the trace ends before meeting (a buffer popped and not yet used): notes, not violations.'}
          </p>
          <ul aria-label="Open at end of trace" className="violation-list">
            {notes.map((v) => (
              <ViolationItem key={v.id} v={v} selected={v.id === selected} />
            ))}
          </ul>
        </details>
      )}
      {comparison && comparison.onlyInB.length > 0 && (
        <>
          <h3>Only in B ({comparison.b.name})</h3>
          <ul aria-label="Violations only in B" className="violation-list">
            {comparison.onlyInB.map((v) => (
              <li key={`b:${v.id}`} className={`violation ${v.severity} only-in-b`}>
                <span className="v-title">
                  <span className={`sev ${v.severity}`}>{v.severity}</span> <span className="only-in">only in B</span> {v.title}
                </span>
                <span className="v-meta">
                  {v.key && <span className="v-key">{v.key}</span>} <span>line {v.line}</span>
                  {v.expectedLine !== null && <span className="muted"> · expected at line {v.expectedLine}</span>}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ViolationItem({ v, selected }: { v: ViolationView; selected: boolean }) {
  return (
    // aria-selected on a list item is what the project's accessibility contract (and its tests) use to mark the selection.
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: see above
    <li data-id={v.id} aria-selected={selected} className={`violation ${v.severity}${selected ? ' selected' : ''}`}>
      <button type="button" className="v-button" onClick={() => (selected ? deselectViolation() : selectViolation(v))}>
        <span className="v-title">
          <span className={`sev ${v.severity}`}>{v.pending ? (v.severity === 'note' ? 'open' : 'pending') : v.severity}</span> {v.title}
        </span>
        <span className="v-meta">
          {v.key && <span className="v-key">{v.key}</span>} <span>{v.file ? `${baseName(v.file)}:${v.line}` : `line ${v.line}`}</span>
          {v.expectedLine !== null && (
            <span className="muted">
              {' '}
              · expected at {v.expectedFile ? `${baseName(v.expectedFile)}:${v.expectedLine}` : `line ${v.expectedLine}`}
            </span>
          )}
        </span>
      </button>
      {!v.pending && (
        <button
          type="button"
          className="copy-link"
          onClick={() => void copyLink(v.id)}
          aria-label={`Copy link to the violation at line ${v.line}`}
        >
          Copy link
        </button>
      )}
    </li>
  );
}

/** Clicking the selected violation again (or Escape) deselects it, which unpins its lanes. */
export function deselectViolation(): void {
  useView.getState().set({ selectedViolation: undefined });
}
