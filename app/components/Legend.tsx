/** Event colours by name, and what the edge styles mean. */
import { nameColor } from '../draw/colors.ts';
import { useView } from '../store.ts';

export function Legend() {
  const summary = useView((s) => s.summary);
  if (!summary) return null;
  const names = summary.names.slice(0, 24);
  return (
    <section className="legend" aria-label="Legend">
      {names.map((n, id) => (
        <span key={n} className="legend-item">
          <i className="swatch" style={{ background: nameColor(id) }} />
          {n}
        </span>
      ))}
      {summary.names.length > names.length && <span className="muted">+{summary.names.length - names.length} more</span>}
      <span className="legend-item">
        <i className="edge violated" /> violated happens-before
      </span>
      <span className="legend-item">
        <i className="edge satisfied" /> satisfied
      </span>
    </section>
  );
}
