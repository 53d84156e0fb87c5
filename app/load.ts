/** Loading actions: every way a trace gets in (picker, drop, paste, ?url=, gallery) ends here. */
import { proxy } from 'comlink';
import type { IngestProgress, LoadRequest, RulesConfig, Summary } from '../worker/protocol.ts';
import { useCompare } from './compare-store.ts';
import { engine } from './engine-client.ts';
import { alertOf, fullDomain, useView } from './store.ts';

let token = 0;
/** The last load asked for, so that it can be repeated after the engine died. */
let lastRequest: LoadRequest | undefined;

export function reloadLast(): void {
  if (lastRequest) void load(lastRequest);
}

/** The engine died: forget what was under way so its answer (which will never come) is not waited for. */
export function abandonLoads(): void {
  token++;
}

function defaultAxis(s: Summary) {
  return s.timeUsable ? 'time' : 'order';
}

export function showSummary(s: Summary, keepView = false): void {
  performance.mark('vqscope:summary');
  const st = useView.getState();
  if (keepView && st.summary) {
    st.set({ summary: s, alert: undefined });
    return;
  }
  // A new trace: a comparison of the old one with its B would show B's findings against the wrong A.
  useCompare.getState().set({ comparison: undefined, comparing: undefined });
  const axis = defaultAxis(s);
  st.set({
    summary: s,
    axis,
    domain: fullDomain(s, axis),
    selectedViolation: undefined,
    selectedEvent: undefined,
    collapsed: new Set(),
    hiddenNames: new Set(),
    laneFilter: '',
    onlyFindings: false,
    alert: undefined,
    ruleFilter: '',
  });
}

/** Called as each load starts (following reacts to a load of something else: follow.ts). */
export const beforeLoad = new Set<(req: LoadRequest) => void>();

export async function load(req: LoadRequest): Promise<Summary | undefined> {
  for (const f of beforeLoad) f(req);
  const my = ++token;
  lastRequest = req;
  const st = useView.getState();
  st.set({ loading: { name: req.name, bytes: 0, total: req.file?.size, events: 0 }, alert: undefined, banner: undefined });
  // Progress comes over its own message port, so a last report can arrive after the result: once
  // the result is in, reports are ignored, or they would bring the progress bar back for good.
  let finished = false;
  const result = await engine().load(
    { ...req, rules: req.rules ?? useView.getState().summary?.rulesConfig },
    proxy((p: IngestProgress) => {
      if (my === token && !finished)
        useView.getState().set({ loading: { name: req.name, bytes: p.bytes, total: p.total, events: p.events } });
    }),
  );
  finished = true;
  if (my !== token) return undefined;
  useView.getState().set({ loading: undefined });
  if (result.ok) {
    showSummary(result.value);
    return result.value;
  }
  if (result.error.kind !== 'cancelled') useView.getState().set({ alert: alertOf(result.error, req.name) });
  return undefined;
}

/** Stops the load under way at once; the previous trace stays on screen. */
export function cancelLoad(): void {
  token++;
  useView.getState().set({ loading: undefined });
  void engine().cancel();
}

export function loadFile(file: File): Promise<Summary | undefined> {
  return load({ name: file.name, file });
}

/** Files dropped or picked together: two are QEMU's trace and the guest's capture of one run, merged; otherwise the first. */
export function loadFiles(files: ArrayLike<File>): Promise<Summary | undefined> {
  if (files.length === 2) return load({ name: files[0].name, file: files[0], merge: { name: files[1].name, file: files[1] } });
  return loadFile(files[0]);
}

export function loadText(text: string, name = 'pasted text'): Promise<Summary | undefined> {
  return load({ name, text });
}

export async function loadExample(file: string, rulesFile?: string): Promise<Summary | undefined> {
  let rules: RulesConfig | undefined;
  if (rulesFile) {
    const res = await fetch(`examples/${rulesFile}`);
    rules = { ruleText: await res.text(), ruleFileName: rulesFile };
  } else rules = {};
  return load({ name: file, url: new URL(`examples/${file}`, location.href).href, rules });
}

export function loadUrl(url: string): Promise<Summary | undefined> {
  const name = decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || url);
  return load({ name, url: new URL(url, location.href).href, rules: {} });
}

export async function configureRules(config: RulesConfig): Promise<boolean> {
  const result = await engine().configure(config);
  if (result.ok) {
    showSummary(result.value, true);
    useView.getState().set({ selectedViolation: undefined });
    return true;
  }
  useView.getState().set({ alert: alertOf(result.error, config.ruleFileName ?? 'rules') });
  return false;
}
