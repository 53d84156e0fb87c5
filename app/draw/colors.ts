/** Colours: event names get stable colours from a categorical palette; edges have fixed meanings. */
import type { Theme } from '../store.ts';

const TABLEAU10 = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac', '#17becf'];

export function nameColor(nameId: number): string {
  return TABLEAU10[nameId % TABLEAU10.length];
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
