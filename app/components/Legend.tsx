/**
 * Event colours by name, grouped by family, and a filter: click a name to hide its events on
 * the timeline or show them again, click a family to do it for all its names. A real trace
 * has 30+ names, so past 12 a search box narrows the list.
 */
import { useMemo, useState } from 'react';
import { nameColors } from '../draw/colors.ts';
import { useView } from '../store.ts';

const SEARCH_FROM = 12;

export function Legend() {
  const summary = useView((s) => s.summary);
  const hidden = useView((s) => s.hiddenNames);
  const set = useView((s) => s.set);
  const [query, setQuery] = useState('');
  // Families of more than one name show as one chip until listed (or matched by the search).
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const names = summary?.names;
  const groups = useMemo(() => {
    if (!names) return [];
    const c = nameColors(names);
    return c.families.map((f) => ({
      family: f,
      ids: names.map((_, id) => id).filter((id) => c.family[id] === f),
      color: c.color,
    }));
  }, [names]);
  if (!summary || !names) return null;
  const q = query.trim().toLowerCase();
  const toggle = (ids: number[]) => {
    const next = new Set(hidden);
    const hide = ids.some((id) => !next.has(id));
    for (const id of ids) {
      if (hide) next.add(id);
      else next.delete(id);
    }
    set({ hiddenNames: next });
  };
  return (
    <section className="legend" aria-label="Legend">
      {names.length > SEARCH_FROM && (
        <input
          type="search"
          className="legend-search"
          placeholder={`Find among ${names.length} event names`}
          aria-label="Find an event name"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      )}
      {hidden.size > 0 && (
        <button type="button" className="legend-reset" onClick={() => set({ hiddenNames: new Set() })}>
          Show all ({hidden.size} hidden)
        </button>
      )}
      <div className="legend-names">
        {groups.map(({ family, ids, color }) => {
          const matching = q ? ids.filter((id) => names[id].toLowerCase().includes(q)) : ids;
          if (q && matching.length === 0 && !family.toLowerCase().includes(q)) return null;
          const single = ids.length === 1;
          const open = single || expanded.has(family) || (q !== '' && matching.length > 0);
          const members = q ? matching : ids;
          return (
            <span key={family} className="legend-family">
              {!single && (
                <>
                  <button
                    type="button"
                    className="legend-family-name"
                    aria-pressed={!ids.every((id) => hidden.has(id))}
                    title={`Hide or show every ${family}_* event`}
                    onClick={() => toggle(ids)}
                  >
                    <span className="family-strip" aria-hidden="true">
                      {ids.slice(0, 6).map((id) => (
                        <i key={id} style={{ background: color[id] }} />
                      ))}
                    </span>
                    {family}_* <span className="muted">{ids.length}</span>
                  </button>
                  <button
                    type="button"
                    className="legend-expand"
                    aria-expanded={open}
                    aria-label={`${open ? 'Fold' : 'List'} the ${family}_* names`}
                    onClick={() => {
                      const next = new Set(expanded);
                      if (next.has(family)) next.delete(family);
                      else next.add(family);
                      setExpanded(next);
                    }}
                  >
                    {open ? '◂' : '▸'}
                  </button>
                </>
              )}
              {open &&
                members.map((id) => (
                  <button
                    type="button"
                    key={id}
                    className="legend-item"
                    aria-label={names[id]}
                    aria-pressed={!hidden.has(id)}
                    title={hidden.has(id) ? `Show ${names[id]}` : `Hide ${names[id]}`}
                    onClick={() => toggle([id])}
                  >
                    <i className="swatch" style={{ background: color[id] }} />
                    {!single && names[id].startsWith(`${family}_`) ? names[id].slice(family.length + 1) : names[id]}
                  </button>
                ))}
            </span>
          );
        })}
      </div>
      <span className="legend-edges">
        <span className="legend-key">
          <i className="edge violated" /> violated
        </span>
        <span className="legend-key">
          <i className="edge satisfied" /> satisfied
        </span>
      </span>
    </section>
  );
}
