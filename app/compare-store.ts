/**
 * Mining and comparing in the page: the candidates the worker proposed, the
 * comparison with a second trace, and the pair lesson teach mode plays. Kept
 * apart from the view store: none of it changes what the timeline draws.
 */
import { proxy } from 'comlink';
import { create } from 'zustand';
import type { CompareView, MinedCandidateView, MineProgress } from '../worker/protocol.ts';
import { engine } from './engine-client.ts';
import { alertOf, useView } from './store.ts';

export interface CompareState {
  mining?: MineProgress;
  candidates?: MinedCandidateView[];
  comparing?: string;
  comparison?: CompareView;
  /** The lesson source of the pair teach mode plays as lesson "pair". */
  pairLesson?: string;
  set: (patch: Partial<Omit<CompareState, 'set'>>) => void;
}

export const PAIR_LESSON = 'pair';

export const useCompare = create<CompareState>((set) => ({ set: (patch) => set(patch) }));

export async function suggestRules(): Promise<void> {
  const st = useCompare.getState();
  st.set({ mining: { done: 0, total: 1 }, candidates: undefined });
  const r = await engine().mine(proxy((p: MineProgress) => useCompare.getState().mining && useCompare.getState().set({ mining: p })));
  useCompare.getState().set({ mining: undefined });
  if (r.ok) useCompare.getState().set({ candidates: r.value });
  else if (r.error.kind !== 'cancelled') useView.getState().set({ alert: alertOf(r.error, 'mining') });
}

export function cancelSuggest(): void {
  useCompare.getState().set({ mining: undefined });
  void engine().cancelMine();
}

export async function compareWith(file: File): Promise<void> {
  useCompare.getState().set({ comparing: file.name });
  const r = await engine().compare({ name: file.name, file });
  useCompare.getState().set({ comparing: undefined });
  if (r.ok) useCompare.getState().set({ comparison: r.value, pairLesson: r.value.lesson });
  else useView.getState().set({ alert: alertOf(r.error, file.name) });
}

export function closeComparison(): void {
  useCompare.getState().set({ comparison: undefined });
}

/** Plays the comparison (or a pair link's lesson) in teach mode. */
export function playPair(lesson: string): void {
  useCompare.getState().set({ pairLesson: lesson });
  useView.getState().set({ teach: { lesson: PAIR_LESSON, step: 0 } });
  history.replaceState(null, '', `#lesson=${PAIR_LESSON}&step=0`);
}

/** The link of a comparison: both excerpts and the rules, in the fragment; nothing is uploaded. */
export async function pairLink(lesson: string): Promise<string> {
  return `${location.href.replace(/#.*$/, '')}#${await engine().pairFragment(lesson)}`;
}

/** Opens a pair link in the URL fragment (`#pair=…`), if there is one. */
export async function openPairFromFragment(): Promise<boolean> {
  const fragment = location.hash.replace(/^#/, '');
  if (!fragment.startsWith('pair=')) return false;
  const r = await engine().openPair(fragment);
  if (!r.ok) {
    useView.getState().set({ alert: alertOf(r.error, 'link') });
    return true;
  }
  playPair(r.value);
  return true;
}

/** Saves text as a file through a download link. */
export function saveText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
