/**
 * Worker entry: exposes the engine over comlink. Render results are
 * transferred, not copied: their typed arrays move to the main thread.
 */
import { expose, transfer } from 'comlink';
import { Engine } from './engine.ts';
import type { RenderQuery } from './protocol.ts';

const engine = new Engine();

export const api = {
  load: engine.load.bind(engine),
  append: engine.append.bind(engine),
  cancel: engine.cancel.bind(engine),
  configure: engine.configure.bind(engine),
  eventInfo: engine.eventInfo.bind(engine),
  pinnedLanes: engine.pinnedLanes.bind(engine),
  rawLines: engine.rawLines.bind(engine),
  openLink: engine.openLink.bind(engine),
  countLines: engine.countLines.bind(engine),
  /** Makes the worker fail the way a bug would (an uncaught error), for the worker-fault e2e test. */
  crash(): void {
    setTimeout(() => {
      throw new Error('simulated engine fault');
    }, 0);
  },
  lesson: engine.lesson.bind(engine),
  mine: engine.mine.bind(engine),
  cancelMine: engine.cancelMine.bind(engine),
  compare: engine.compare.bind(engine),
  pairFragment: engine.pairFragment.bind(engine),
  openPair: engine.openPair.bind(engine),
  permalink: engine.permalink.bind(engine),
  explain: engine.explain.bind(engine),
  exportChrome: engine.exportChrome.bind(engine),
  overview(axis: RenderQuery['axis'], buckets: number) {
    const r = engine.overview(axis, buckets);
    return transfer(r, [r.density.buffer]);
  },
  render(q: RenderQuery, selected?: number) {
    const r = engine.render(q, selected);
    const buffers = r.lanes.flatMap((l) => [l.events.buffer, l.xs.buffer, l.names.buffer, l.binCount.buffer, l.binName.buffer]);
    return transfer(r, buffers as ArrayBuffer[]);
  },
};

export type EngineApi = typeof api;

expose(api);
