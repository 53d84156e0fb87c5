/** Colours: event names get stable colours from a categorical palette; edges have fixed meanings. */
import type { Theme } from '../store.ts';

const TABLEAU10 = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac', '#17becf'];

/** A colour by name id alone, for the few places that draw without the trace's name list. */
export function nameColor(nameId: number): string {
  return TABLEAU10[nameId % TABLEAU10.length];
}

/** Second words that make a family of their own after `virtio_` / `vhost_`: a device type or a transport. */
const DEVICE_WORDS = new Set([
  'blk',
  'net',
  'balloon',
  'rng',
  'serial',
  'console',
  'snd',
  'sound',
  'gpu',
  'scsi',
  'input',
  'crypto',
  'iommu',
  'mem',
  'pmem',
  'fs',
  'vsock',
  'pci',
  'mmio',
  'ccw',
  '9p',
  'user',
  'vdpa',
]);

/**
 * The family of an event name, for its colour and its place in the legend: `virtio_blk_*`,
 * `virtio_balloon_*` and `vhost_user_*` per device or transport; other `virtio_*` names
 * (status, notify, queue) form the core family; otherwise the first word (`virtqueue_*`,
 * `virtsnd_*`, `set_*`). A name of one word is a family of its own.
 */
export function familyOf(name: string): string {
  const words = name.split(/[_.:]/).filter(Boolean);
  if (words.length < 2) return name;
  const [a, b] = words;
  if ((a === 'virtio' || a === 'vhost') && DEVICE_WORDS.has(b.toLowerCase())) return `${a}_${b}`;
  return a;
}

/** Hues far apart, one per family in order of first appearance; families past ten reuse them. */
const HUES = [212, 28, 128, 282, 352, 176, 46, 318, 92, 244];

function hex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

export interface NameColors {
  /** Hex colour per name id. */
  color: string[];
  /** Family per name id, and the families in order of first appearance. */
  family: string[];
  families: string[];
}

const cache = new WeakMap<readonly string[], NameColors>();

/**
 * Colours for a trace's event names: one hue per family, its members told apart by lightness
 * (and a few degrees of hue), so that 30+ names read as a handful of related groups instead of
 * ten colours repeating. Computed once per name list.
 */
export function nameColors(names: readonly string[]): NameColors {
  let c = cache.get(names);
  if (c) return c;
  const family = names.map(familyOf);
  const families = [...new Set(family)];
  const members = new Map<string, number[]>();
  family.forEach((f, id) => {
    const list = members.get(f) ?? [];
    list.push(id);
    members.set(f, list);
  });
  const color: string[] = new Array(names.length);
  families.forEach((f, k) => {
    const hue = HUES[k % HUES.length];
    // Families past the tenth get a paler shade of a reused hue.
    const round = Math.floor(k / HUES.length) % 2;
    const ids = members.get(f) ?? [];
    ids.forEach((id, j) => {
      const t = ids.length === 1 ? 0.5 : j / (ids.length - 1);
      const light = round ? 0.55 + 0.2 * t : 0.34 + 0.3 * t;
      const sat = round ? 0.45 : 0.62 + 0.15 * (1 - t);
      color[id] = hex((hue + (t - 0.5) * 14 + 360) % 360, sat, light);
    });
  });
  c = { color, family, families };
  cache.set(names, c);
  return c;
}

export interface Palette {
  bg: string;
  laneAlt: string;
  groupBg: string;
  text: string;
  muted: string;
  grid: string;
  violated: string;
  warning: string;
  satisfied: string;
  selection: string;
  /** Pinned rows: the header and the lanes under it. */
  pinnedHead: string;
  pinnedBg: string;
}

export function palette(theme: Theme): Palette {
  return theme === 'dark'
    ? {
        bg: '#111418',
        laneAlt: '#171b21',
        groupBg: '#1f2630',
        text: '#e5e7eb',
        muted: '#9ca3af',
        grid: '#2a313b',
        violated: '#ff4d4d',
        warning: '#fbbf24',
        satisfied: '#8b95a5',
        selection: '#facc15',
        pinnedHead: '#3a3320',
        pinnedBg: '#1f1d16',
      }
    : {
        bg: '#ffffff',
        laneAlt: '#f6f7f9',
        groupBg: '#e8ecf1',
        text: '#111827',
        muted: '#6b7280',
        grid: '#e5e7eb',
        violated: '#dc2626',
        warning: '#d97706',
        satisfied: '#9aa3ae',
        selection: '#ca8a04',
        pinnedHead: '#fdf0c4',
        pinnedBg: '#fffbeb',
      };
}
