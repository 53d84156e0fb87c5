/** The top bar: open a trace, the loaded file, the axis, theme and help. */
import { exportChromeJson, exportPng, exportSvg } from '../export.ts';
import { filePicker, openWithPicker } from '../follow.ts';
import { loadFiles } from '../load.ts';
import { fullDomain, useView } from '../store.ts';
import { FollowControls } from './FollowControls.tsx';
import { formatBytes } from './Progress.tsx';

/** Runs a menu item and closes its menu. */
function chosen(e: React.MouseEvent<HTMLElement>, action: () => void): void {
  const menu = e.currentTarget.closest('details');
  if (menu) menu.open = false;
  action();
}

export function Header() {
  const summary = useView((s) => s.summary);
  const axis = useView((s) => s.axis);
  const theme = useView((s) => s.theme);
  const banner = useView((s) => s.banner);
  const set = useView((s) => s.set);
  return (
    <header className="topbar">
      <button
        type="button"
        className="brand"
        onClick={() => {
          set({ summary: undefined, banner: undefined, teach: undefined });
          if (location.hash) history.replaceState(null, '', location.pathname + location.search);
        }}
        title="Back to the first screen"
      >
        vqscope
      </button>
      <label className="button primary">
        Open trace
        <input
          type="file"
          multiple
          className="visually-hidden"
          onClick={(e) => {
            // Where the browser has the File System Access picker, it opens the file, so that the file can be followed.
            const picker = filePicker();
            if (!picker) return;
            e.preventDefault();
            void openWithPicker(picker, loadFiles);
          }}
          onChange={(e) => {
            const files = e.target.files;
            if (files && files.length > 0) void loadFiles(files);
            e.target.value = '';
          }}
        />
      </label>
      {summary && (
        <span className="file-info">
          <strong>{summary.file}</strong>{' '}
          <span className="muted">
            {summary.events.toLocaleString('en-US')} events · {summary.formatLabel}
            {summary.gzip ? ' (gzip)' : ''} · {formatBytes(summary.bytes)}
            {summary.clock &&
              ` · guest clock mapped from ${summary.clock.pairs} kick/notify pairs, residual ${(summary.clock.residualNs / 1000).toFixed(1)} µs`}
          </span>
        </span>
      )}
      <FollowControls />
      {banner && <span className="banner">{banner}</span>}
      <span className="spacer" />
      {summary && (
        <fieldset className="axis-toggle">
          <legend className="visually-hidden">Axis</legend>
          <button
            type="button"
            aria-pressed={axis === 'order'}
            onClick={() => set({ axis: 'order', domain: fullDomain(summary, 'order') })}
          >
            Log order
          </button>
          <button
            type="button"
            aria-pressed={axis === 'time'}
            disabled={!summary.timeUsable}
            title={summary.timeUsable ? 'Axis by timestamp' : summary.axisNote}
            onClick={() => set({ axis: 'time', domain: fullDomain(summary, 'time') })}
          >
            Time
          </button>
        </fieldset>
      )}
      {summary && (
        <details className="menu">
          <summary>Export</summary>
          <div className="menu-items">
            <button type="button" onClick={(e) => chosen(e, exportSvg)}>
              Timeline as SVG
            </button>
            <button type="button" onClick={(e) => chosen(e, exportPng)}>
              Timeline as PNG
            </button>
            <button type="button" onClick={(e) => chosen(e, () => void exportChromeJson())}>
              Trace as Chrome JSON (Perfetto)
            </button>
          </div>
        </details>
      )}
      <a className="button" href="#teach">
        Teach
      </a>
      <button
        type="button"
        onClick={() => set({ theme: theme === 'dark' ? 'light' : 'dark' })}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
      >
        {theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
      <button type="button" onClick={() => set({ helpOpen: true })} aria-label="Keyboard help">
        ?
      </button>
    </header>
  );
}
