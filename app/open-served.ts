/**
 * The page as `vqscope open FILE` serves it (`?open=NAME[&rules=NAME]`): the trace and the rules
 * come from the same local server, next to the page under its per-run token path. The page keeps
 * one request open ('alive') so that the server can stop when the page is closed.
 */
import type { Summary } from '../worker/protocol.ts';
import { followServed } from './follow.ts';
import { load } from './load.ts';
import { useView } from './store.ts';

export function servedTrace(): { name: string; rules?: string; follow: boolean } | undefined {
  const q = new URLSearchParams(location.search);
  const name = q.get('open');
  return name ? { name, rules: q.get('rules') ?? undefined, follow: q.get('follow') === '1' } : undefined;
}

async function holdAlive(): Promise<void> {
  try {
    const res = await fetch(new URL('alive', location.href));
    const reader = res.body?.getReader();
    if (!reader) return;
    for (;;) if ((await reader.read()).done) return;
  } catch {
    // The server stopped (Ctrl+C): nothing to hold.
  }
}

/** A followed file that does not exist yet (the program that writes it has not started) is waited for, with a note. */
async function untilExists(name: string): Promise<void> {
  for (let noted = false; ; noted = true) {
    try {
      const res = await fetch(new URL('trace', location.href), { method: 'HEAD' });
      if (res.status !== 404) {
        if (noted) useView.getState().set({ banner: undefined });
        return;
      }
    } catch {
      return;
    }
    if (!noted) useView.getState().set({ banner: `waiting for ${name} to be created…` });
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function openServedTrace(served: { name: string; rules?: string; follow: boolean }): Promise<void> {
  void holdAlive();
  let ruleText: string | undefined;
  if (served.rules) {
    const res = await fetch(new URL('rules', location.href));
    if (res.ok) ruleText = await res.text();
  }
  const rules = ruleText !== undefined ? { ruleText, ruleFileName: served.rules } : {};
  const open = async (): Promise<Summary | undefined> => {
    if (served.follow) await untilExists(served.name);
    const s = await load({ name: served.name, url: new URL('trace', location.href).href, rules, follow: served.follow });
    // With --follow the server streams what is appended after the bytes just read.
    if (s && served.follow) followServed(served.name, s.bytes, open);
    return s;
  };
  await open();
}
