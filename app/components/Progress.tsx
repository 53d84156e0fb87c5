/** Load progress with bytes and events so far, and Cancel. */
import { useEffect, useRef, useState } from 'react';
import { cancelLoad } from '../load.ts';
import { type ReadWatch, stalledSeconds, watchRead } from '../read-stall.ts';
import { useView } from '../store.ts';

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} KB`;
  return `${n} B`;
}

/** Seconds since `since`, ticking every second while it is set (a step with no fraction to show). */
function useSecondsSince(since: number | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (since === undefined) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, Math.round((now - since) / 1000));
}

/** Seconds the file's bytes have not moved while it is being read (0 while they move or once reading is done). */
function useReadStall(reading: boolean, bytes: number): number {
  const watch = useRef<ReadWatch | undefined>(undefined);
  const [now, setNow] = useState(Date.now());
  watch.current = reading ? watchRead(watch.current, bytes, Date.now()) : undefined;
  useEffect(() => {
    if (!reading) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [reading]);
  return stalledSeconds(watch.current, now);
}

export function Progress() {
  const loading = useView((s) => s.loading);
  const seconds = useSecondsSince(loading?.lanesSince);
  const reading = !!loading && loading.checked === undefined && loading.lanesSince === undefined;
  const stalled = useReadStall(reading, loading?.bytes ?? 0);
  if (!loading) return null;
  const checked = loading.checked;
  const checking = checked !== undefined;
  const pct = checking
    ? (checked / Math.max(1, loading.events)) * 100
    : loading.total
      ? Math.min(100, (loading.bytes / loading.total) * 100)
      : undefined;
  return (
    <div className="progress" aria-live="polite">
      <span className="progress-label">
        {loading.lanesSince !== undefined ? (
          <>
            Laying out the lanes of {loading.events.toLocaleString('en-US')} events in {loading.name} · {seconds} s
          </>
        ) : checking ? (
          <>
            Checking {loading.name}: {checked.toLocaleString('en-US')} of {loading.events.toLocaleString('en-US')} events
          </>
        ) : (
          <>
            Reading {loading.name}: {formatBytes(loading.bytes)}
            {loading.total ? ` of ${formatBytes(loading.total)}` : ''} · {loading.events.toLocaleString('en-US')} events
          </>
        )}
        {stalled > 0 && (
          <span className="progress-stall" role="status">
            {' '}
            · no data from the file for {stalled} s; if it does not move again, Cancel and open the file again.
          </span>
        )}
      </span>
      <div
        className="bar"
        role="progressbar"
        aria-label="Loading progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct === undefined ? undefined : Math.round(pct)}
      >
        <div className="fill" style={{ width: `${pct ?? 30}%` }} />
      </div>
      <button type="button" onClick={cancelLoad}>
        Cancel
      </button>
    </div>
  );
}
