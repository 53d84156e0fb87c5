/** The lane filter above the timeline: a text to match lane names, and "only lanes with findings". */
import { useMemo } from 'react';
import { laneFilterOf } from '../lane-filter.ts';
import { useView } from '../store.ts';

export function LaneFilter() {
  const summary = useView((s) => s.summary);
  const text = useView((s) => s.laneFilter);
  const only = useView((s) => s.onlyFindings);
  const set = useView((s) => s.set);
  const kept = useMemo(() => {
    if (!summary) return 0;
    const keep = laneFilterOf(summary, text, only);
    if (!keep) return summary.lanes.length;
    let n = 0;
    for (let l = 0; l < summary.lanes.length; l++) if (keep(l)) n++;
    return n;
  }, [summary, text, only]);
  if (!summary) return null;
  const filtered = kept !== summary.lanes.length;
  return (
    <div className="lane-filter">
      <input
        type="search"
        aria-label="Filter lanes"
        placeholder="Filter lanes (balloon, 0x7f73, buffer #2)"
        value={text}
        onChange={(e) => set({ laneFilter: e.target.value })}
      />
      <label>
        <input type="checkbox" checked={only} onChange={(e) => set({ onlyFindings: e.target.checked })} /> only lanes with findings
      </label>
      <span className="muted" aria-live="polite">
        {filtered
          ? `${kept.toLocaleString('en-US')} of ${summary.lanes.length.toLocaleString('en-US')} lanes`
          : `${summary.lanes.length.toLocaleString('en-US')} lanes`}
      </span>
    </div>
  );
}
