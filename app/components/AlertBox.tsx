/** Errors as readable messages with file and line; the app stays usable underneath. */
import { useView } from '../store.ts';

export function AlertBox() {
  const alert = useView((s) => s.alert);
  const set = useView((s) => s.set);
  if (!alert) return null;
  return (
    <div className="alert" role="alert">
      <strong>{alert.title}</strong>
      <pre>{alert.detail}</pre>
      <button type="button" aria-label="Dismiss" onClick={() => set({ alert: undefined })}>
        ×
      </button>
    </div>
  );
}
