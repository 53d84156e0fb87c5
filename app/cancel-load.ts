/**
 * Cancel must give the page back within a second, whatever the engine is doing. The engine stops
 * at its next pause, but a few steps of a load do not pause (laying out the lanes of 100M events
 * takes seconds); if it has not answered by then it is terminated and a fresh one started. The
 * trace it held goes with it, so the page says so instead of showing a trace it no longer has.
 */
import { restartEngine } from './engine-client.ts';
import { useView } from './store.ts';

/** How long the engine gets to stop by itself; the rest of the second is for starting a new one. */
export const CANCEL_GRACE_MS = 400;

/** `grace` 0: the engine is known to be in a step that does not pause; it is replaced at once. */
export function cancelStopsEngine(pending: Promise<unknown>, grace = CANCEL_GRACE_MS): void {
  let settled = false;
  void pending.finally(() => {
    settled = true;
  });
  setTimeout(() => {
    if (settled) return;
    restartEngine();
    const shown = useView.getState().summary;
    useView.getState().set({
      summary: undefined,
      alert: shown
        ? {
            title: 'Loading was cancelled',
            detail: `The engine was busy and had to be restarted, so ${shown.file} was closed too; load it again to see it.`,
          }
        : undefined,
    });
  }, grace);
}
