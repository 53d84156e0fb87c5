/** The main thread's handle on the worker engine. The main thread never parses or checks. */
import { type Remote, wrap } from 'comlink';
import type { EngineApi } from '../worker/engine.worker.ts';

let worker: Worker | undefined;
let remote: Remote<EngineApi> | undefined;
const deathListeners = new Set<(message: string) => void>();

export function engine(): Remote<EngineApi> {
  if (!remote) {
    worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'vqscope-engine' });
    // An uncaught error in the worker (a bug, or memory running out) leaves it unusable: report it once.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      for (const l of deathListeners) l(e.message || 'the engine worker stopped');
    });
    remote = wrap<EngineApi>(worker);
  }
  return remote;
}

/** Throws the worker away (it died or hangs); the next call starts a fresh one. */
export function restartEngine(): void {
  worker?.terminate();
  worker = undefined;
  remote = undefined;
}

export function onEngineDeath(listener: (message: string) => void): () => void {
  deathListeners.add(listener);
  return () => deathListeners.delete(listener);
}
