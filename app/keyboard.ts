/**
 * Keyboard navigation by `event.code`, so WASD works on AZERTY and Dvorak as
 * on QWERTY. Keys are ignored while the user types in a field.
 */
import { selectViolation, visibleViolations } from './components/ViolationList.tsx';
import { markInput } from './frame-timing.ts';
import { fullDomain, useView } from './store.ts';
import { clampDomain, domainForViolation, minSpan, panDomain, zoomDomain } from './view-math.ts';

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function onKeyDown(e: KeyboardEvent): void {
  const st = useView.getState();
  if (e.key === 'Escape' && st.helpOpen) {
    st.set({ helpOpen: false });
    return;
  }
  if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Escape' && st.selectedViolation) {
    st.set({ selectedViolation: undefined });
    return;
  }
  if (e.key === '?') {
    st.set({ helpOpen: !st.helpOpen });
    e.preventDefault();
    return;
  }
  const s = st.summary;
  if (!s || st.helpOpen || st.teach) return;
  const full = fullDomain(s, st.axis);
  const setDomain = (d: [number, number]) => {
    markInput(e.timeStamp);
    st.set({ domain: clampDomain(d, full, minSpan(st.axis)) });
  };
  const list = visibleViolations(s.violations, st.ruleFilter, st.severityFilter);
  const step = (dir: 1 | -1) => {
    if (list.length === 0) return;
    const at = list.findIndex((v) => v.id === st.selectedViolation);
    const next = at < 0 ? (dir === 1 ? 0 : list.length - 1) : (at + dir + list.length) % list.length;
    selectViolation(list[next]);
  };
  switch (e.code) {
    case 'KeyW':
    case 'ArrowUp':
      setDomain(zoomDomain(st.domain, 0.7));
      break;
    case 'KeyS':
    case 'ArrowDown':
      setDomain(zoomDomain(st.domain, 1 / 0.7));
      break;
    case 'KeyA':
    case 'ArrowLeft':
      setDomain(panDomain(st.domain, -0.2));
      break;
    case 'KeyD':
    case 'ArrowRight':
      setDomain(panDomain(st.domain, 0.2));
      break;
    case 'KeyN':
      step(1);
      break;
    case 'KeyP':
      step(-1);
      break;
    case 'KeyF': {
      const v = s.violations.find((x) => x.id === st.selectedViolation);
      if (v) setDomain(domainForViolation(v, st.axis, full));
      else if (st.selectedEvent !== undefined && st.axis === 'order') setDomain([st.selectedEvent - 10, st.selectedEvent + 10]);
      break;
    }
    case 'Digit0':
      setDomain(full);
      break;
    case 'KeyT':
      if (s.timeUsable) {
        const axis = st.axis === 'time' ? 'order' : 'time';
        st.set({ axis, domain: fullDomain(s, axis) });
      }
      break;
    default:
      return;
  }
  e.preventDefault();
}
