/** Sharing from the app: permalinks, the email diagram, and opening a link from the URL fragment. */
import { isPermalinkFragment } from '@vqscope/share';
import { engine } from './engine-client.ts';
import { showSummary } from './load.ts';
import { alertOf, fullDomain, useView } from './store.ts';
import { clampDomain, domainForViolation, minSpan } from './view-math.ts';

/** Below this size a whole trace fits in a link. */
export const WHOLE_TRACE_LINK_BYTES = 16 * 1024;

function appBase(): string {
  return `${location.origin}${location.pathname}`;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export async function copyLink(violationId: string, whole = false): Promise<void> {
  const st = useView.getState();
  const r = await engine().permalink(violationId, whole, [st.axis, st.domain[0], st.domain[1]]);
  if (!r.ok) {
    st.set({ alert: alertOf(r.error, 'link') });
    return;
  }
  const url = `${appBase()}#${r.value}`;
  const copied = await copy(url);
  st.set({ shared: { kind: whole ? 'whole' : 'link', text: url, copied } });
}

export async function copyForEmail(violationId: string): Promise<void> {
  const r = await engine().explain(violationId, appBase());
  if (!r.ok) return;
  const copied = await copy(r.value);
  useView.getState().set({ shared: { kind: 'email', text: r.value, copied } });
}

/** Opens the link in the URL fragment, if there is one. Returns true when it was a vqscope link. */
export async function openFromFragment(): Promise<boolean> {
  const fragment = location.hash.replace(/^#/, '');
  if (!isPermalinkFragment(fragment)) return false;
  const st = useView.getState();
  const r = await engine().openLink(fragment);
  if (!r.ok) {
    st.set({ alert: alertOf(r.error, 'link') });
    return true;
  }
  showSummary(r.value.summary);
  const s = r.value.summary;
  const selected = s.violations.find((v) => v.id === r.value.selected);
  const axis = r.value.view?.[0] === 'time' && s.timeUsable ? 'time' : 'order';
  const full = fullDomain(s, axis);
  const domain = selected ? clampDomain(domainForViolation(selected, axis, full), full, minSpan(axis)) : full;
  useView.getState().set({
    axis,
    domain,
    selectedViolation: selected?.id,
    selectedEvent: selected?.event,
    banner: r.value.banner,
    alert:
      selected || !r.value.selected
        ? undefined
        : {
            title: 'The link opened, but its violation did not',
            detail: 'The excerpt in this link no longer shows the violation it was made for.',
          },
  });
  return true;
}
