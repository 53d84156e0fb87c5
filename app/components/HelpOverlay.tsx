/** The `?` overlay: every key the app answers to. */
import { useEffect, useRef } from 'react';
import { useView } from '../store.ts';

export const KEYS: [string, string][] = [
  ['W / ↑', 'zoom in'],
  ['S / ↓', 'zoom out'],
  ['A / ←', 'pan left'],
  ['D / →', 'pan right'],
  ['N', 'next violation'],
  ['P', 'previous violation'],
  ['F', 'focus the selection'],
  ['0', 'show the whole trace'],
  ['T', 'switch the axis between time and log order'],
  ['?', 'this help'],
  ['Esc', 'close this help, or deselect the violation (unpins its lanes)'],
];

export function HelpOverlay() {
  const open = useView((s) => s.helpOpen);
  const set = useView((s) => s.set);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="help-backdrop">
      <div className="help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
        <h2>Keyboard</h2>
        <p className="muted">Keys work by position, so WASD is the same on any keyboard layout.</p>
        <table>
          <tbody>
            {KEYS.map(([k, what]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Mouse: drag to pan, wheel to zoom, wheel over the lane names to scroll lanes, click a group name to fold it, click an event to
          select it.
        </p>
        <button type="button" ref={ref} onClick={() => set({ helpOpen: false })}>
          Close
        </button>
      </div>
    </div>
  );
}
