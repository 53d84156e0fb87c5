/** Errors as readable messages with file and line; the app stays usable underneath. */
import { reloadLast } from '../load.ts';
import { useView } from '../store.ts';

export function AlertBox() {
  const alert = useView((s) => s.alert);
  const set = useView((s) => s.set);
  if (!alert) return null;
  return (
    <div className="alert" role="alert">
      <strong>{alert.title}</strong>
      <pre>{alert.detail}</pre>
      {alert.reload && (
        <button type="button" className="primary reload" onClick={reloadLast}>
          Reload the trace
        </button>
      )}
      <button type="button" className="dismiss" aria-label="Dismiss" onClick={() => set({ alert: undefined })}>
        ×
      </button>
    </div>
  );
}
