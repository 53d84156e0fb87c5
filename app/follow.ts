/**
 * Following a file that is still being written, in the page: the bytes appended to it come in
 * (streamed by `vqscope open FILE --follow`, or read again from a File System Access handle every
 * second), go to the worker, which grows the trace and checks the new events only, and the view
 * is refreshed in place. While the "Follow" toggle is on, the timeline keeps the newest events in
 * view; panning or zooming away turns it off, and turning it on jumps back to the tail.
 */
import { transfer } from 'comlink';
import { create } from 'zustand';
import type { Summary } from '../worker/protocol.ts';
import { engine } from './engine-client.ts';
import { beforeLoad, load, showSummary } from './load.ts';
import { alertOf, fullDomain, useView } from './store.ts';

/** What the File System Access API gives for a picked file (Chromium); only getFile is used. */
export interface FileHandleLike {
  readonly name: string;
  getFile(): Promise<File>;
}

interface FollowState {
  /** A followed file is loaded and being read: from the `open` server or from a picked file's handle. */
  source?: 'server' | 'handle';
  /** The "Follow" toggle: the timeline keeps the newest events in view. */
  tail: boolean;
  /** The file picked with the picker, which "Follow this file" can read again (Chromium). */
  handle?: FileHandleLike;
}

export const useFollow = create<FollowState>(() => ({ tail: true }));

/** Polling period of a picked file's handle. */
const HANDLE_POLL_MS = 1000;

/** The reader that runs now; a new follow (or a load of something else) stops it. */
let running: { stop(): void } | undefined;
/** Set while this module moves the view, so that its own moves do not count as the user panning away. */
let moving = false;

export function stopFollowing(): void {
  running?.stop();
  running = undefined;
  useFollow.setState({ source: undefined });
}

/** The domain that shows the tail: the same span as now ending at the last event, or everything when everything was shown. */
function tailDomain(s: Summary, axis: 'order' | 'time', cur: [number, number], prevFull?: [number, number]): [number, number] {
  const full = fullDomain(s, axis);
  const span = cur[1] - cur[0];
  if (!prevFull || span >= (prevFull[1] - prevFull[0]) * 0.999 || span >= full[1] - full[0]) return full;
  return [full[1] - span, full[1]];
}

function showGrown(s: Summary): void {
  const st = useView.getState();
  const prev = st.summary;
  // The first events of a file that was empty choose the axis as a load does; time that goes back leaves it.
  const first = prev !== undefined && prev.events === 0 && s.events > 0;
  const axis = first ? (s.timeUsable ? 'time' : 'order') : st.axis === 'time' && !s.timeUsable ? 'order' : st.axis;
  const prevFull = prev ? fullDomain(prev, st.axis) : undefined;
  showSummary(s, true);
  moving = true;
  try {
    if (axis !== st.axis) useView.getState().set({ axis, domain: fullDomain(s, axis) });
    else if (useFollow.getState().tail) useView.getState().set({ domain: tailDomain(s, axis, st.domain, prevFull) });
  } finally {
    moving = false;
  }
}

/** Turns the toggle on (and jumps to the tail) or off. */
export function setTail(on: boolean): void {
  useFollow.setState({ tail: on });
  const st = useView.getState();
  if (!on || !st.summary) return;
  moving = true;
  try {
    st.set({ domain: tailDomain(st.summary, st.axis, st.domain, fullDomain(st.summary, st.axis)) });
  } finally {
    moving = false;
  }
}

useView.subscribe((s, prev) => {
  // A trace that is not followed took the place of the followed one (a link, the first screen, the engine's restart).
  if (s.summary !== prev.summary && !s.summary?.following && useFollow.getState().source) stopFollowing();
  // Panning or zooming away from the tail turns the toggle off: the view no longer ends at the last event.
  if (moving || s.domain === prev.domain || !s.summary || !useFollow.getState().tail || !useFollow.getState().source) return;
  const full = fullDomain(s.summary, s.axis);
  const span = s.domain[1] - s.domain[0];
  if (full[1] - s.domain[1] > span * 0.02) useFollow.setState({ tail: false });
});

/**
 * Hands appended bytes to the worker one append at a time: what arrives meanwhile is sent
 * together with the next one, so a fast writer costs one view refresh per round trip.
 */
class Appender {
  private queued: Uint8Array[] = [];
  private busy = false;
  stopped = false;

  constructor(private readonly name: string) {}

  push(bytes: Uint8Array): void {
    if (this.stopped || bytes.length === 0) return;
    this.queued.push(bytes);
    if (!this.busy) void this.flush();
  }

  private async flush(): Promise<void> {
    this.busy = true;
    try {
      while (this.queued.length > 0 && !this.stopped) {
        const parts = this.queued;
        this.queued = [];
        const bytes = parts.length === 1 ? parts[0] : concat(parts);
        const t0 = performance.now();
        const r = await engine().append(transfer(bytes, [bytes.buffer]));
        if (this.stopped) return;
        if (r.ok) showGrown(r.value);
        else {
          useView.getState().set({ alert: alertOf(r.error, this.name) });
          stopFollowing();
          return;
        }
        // The worker also draws the timeline: a writer that never pauses gets at most half of its time.
        const took = performance.now() - t0;
        if (took > 20) await new Promise((resolve) => setTimeout(resolve, Math.min(took, 2000)));
      }
    } finally {
      this.busy = false;
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const note = (text: string) => useView.getState().set({ banner: text });

/**
 * `vqscope open FILE --follow`: the page loaded the file as it was; the server streams what is
 * appended from there (`tail?from=N`). The stream ends when the file is cut or replaced: then the
 * file is read again from the start, with a note.
 */
export function followServed(name: string, from: number, reload: () => Promise<Summary | undefined>): void {
  running?.stop();
  const appender = new Appender(name);
  const ctl = new AbortController();
  running = {
    stop: () => {
      appender.stopped = true;
      ctl.abort();
    },
  };
  const me = running;
  useFollow.setState({ source: 'server', tail: true });
  void (async () => {
    try {
      const res = await fetch(new URL(`tail?from=${from}`, location.href), { signal: ctl.signal });
      const reader = res.body?.getReader();
      if (!res.ok || !reader) throw new Error(`HTTP ${res.status}`);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        appender.push(value);
      }
    } catch {
      if (ctl.signal.aborted) return;
      if (running === me) {
        stopFollowing();
        note(`${name}: the vqscope server stopped; following ended`);
      }
      return;
    }
    if (ctl.signal.aborted || running !== me) return;
    // The server ends the stream when the file shrank or was replaced: read it again from the start.
    // It also ends it when it stops (Ctrl+C): then there is nothing to read again.
    await new Promise((r) => setTimeout(r, 300));
    if (running !== me) return;
    try {
      await fetch(new URL('trace', location.href), { method: 'HEAD' });
    } catch {
      stopFollowing();
      note(`${name}: the vqscope server stopped; following ended`);
      return;
    }
    if (running !== me) return;
    const s = await reload();
    if (s) note(`${name} was cut or replaced; read again from the start`);
  })();
}

/**
 * "Follow this file": the picked file's handle is read again every second from where the last
 * read ended; a smaller file was cut, and is read again from the start with a note.
 */
export async function followHandle(handle: FileHandleLike, rules = useView.getState().summary?.rulesConfig): Promise<void> {
  running?.stop();
  running = undefined;
  // The File of one getFile() cannot be read once the file has changed: keep its bytes.
  const first = await handle.getFile();
  const s = await load({ name: handle.name, file: new Blob([await first.arrayBuffer()]), follow: true, rules });
  if (!s) return;
  let pos = first.size;
  const appender = new Appender(handle.name);
  let timer: ReturnType<typeof setTimeout> | undefined;
  running = {
    stop: () => {
      appender.stopped = true;
      clearTimeout(timer);
    },
  };
  const me = running;
  useFollow.setState({ source: 'handle', tail: true, handle });
  const poll = async () => {
    if (running !== me) return;
    try {
      const file = await handle.getFile();
      if (file.size < pos) {
        await followHandle(handle, rules);
        note(`${handle.name} was cut; read again from the start`);
        return;
      }
      if (file.size > pos) {
        const bytes = new Uint8Array(await file.slice(pos).arrayBuffer());
        pos += bytes.length;
        appender.push(bytes);
      }
    } catch (e) {
      if (running === me) {
        stopFollowing();
        note(`${handle.name} cannot be read any more (${(e as Error).message}); following ended`);
      }
      return;
    }
    if (running === me) timer = setTimeout(poll, HANDLE_POLL_MS);
  };
  timer = setTimeout(poll, HANDLE_POLL_MS);
}

type Picker = (o?: { multiple?: boolean }) => Promise<FileHandleLike[]>;

/** The File System Access picker where the browser has one (Chromium), else undefined. */
export function filePicker(): Picker | undefined {
  const p = (window as unknown as { showOpenFilePicker?: Picker }).showOpenFilePicker;
  return typeof p === 'function' ? p.bind(window) : undefined;
}

/** Set while the picker's files load, so that the handle it gave is kept. */
let pickerLoad = false;

// Any other load ends following, and a file not from the picker has no handle to follow.
beforeLoad.add((req) => {
  if (req.follow) return;
  stopFollowing();
  if (!pickerLoad) useFollow.setState({ handle: undefined });
});

/**
 * Opens files with the picker: one file is remembered by its handle so that it can be followed;
 * two are merged as the input element's two files are. False when the user cancelled.
 */
export async function openWithPicker(picker: Picker, loadFiles: (files: File[]) => Promise<unknown>): Promise<boolean> {
  let handles: FileHandleLike[];
  try {
    handles = await picker({ multiple: true });
  } catch {
    return false;
  }
  if (handles.length === 0) return false;
  useFollow.setState({ handle: handles.length === 1 ? handles[0] : undefined });
  pickerLoad = true;
  try {
    await loadFiles(await Promise.all(handles.map((h) => h.getFile())));
  } finally {
    pickerLoad = false;
  }
  return true;
}
