/** Load progress with bytes and events so far, and Cancel. */
import { cancelLoad } from '../load.ts';
import { useView } from '../store.ts';

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} KB`;
  return `${n} B`;
}

export function Progress() {
  const loading = useView((s) => s.loading);
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
        {checking ? (
          <>
            Checking {loading.name}: {checked.toLocaleString('en-US')} of {loading.events.toLocaleString('en-US')} events
          </>
        ) : (
          <>
            Reading {loading.name}: {formatBytes(loading.bytes)}
            {loading.total ? ` of ${formatBytes(loading.total)}` : ''} · {loading.events.toLocaleString('en-US')} events
          </>
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
