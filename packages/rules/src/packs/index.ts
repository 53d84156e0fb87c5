/** The built-in rule packs, parsed once. */
import type { RuleFile, ValueNames } from '../ast.ts';
import { parseRules } from '../parse-rules.ts';
import { deviceStatusPack } from './device-status.ts';
import { tracingFormalPack } from './tracing-formal.ts';
import { vhostUserPack } from './vhost-user.ts';
import { virtioSndPack } from './virtio-snd.ts';
import { virtqueuePack } from './virtqueue.ts';

export const PACK_SOURCES: Readonly<Record<string, string>> = {
  'virtio-snd': virtioSndPack,
  'device-status': deviceStatusPack,
  virtqueue: virtqueuePack,
  'vhost-user': vhostUserPack,
  'tracing-formal': tracingFormalPack,
};

let parsed: Map<string, RuleFile> | undefined;

export function builtinPacks(): Map<string, RuleFile> {
  if (!parsed) {
    parsed = new Map();
    for (const [id, text] of Object.entries(PACK_SOURCES)) parsed.set(id, parseRules(text, `pack:${id}`));
  }
  return parsed;
}

/** Value names declared by every built-in pack: reports decode with them whichever packs check the trace. */
export function builtinValueNames(): ValueNames[] {
  return [...builtinPacks().values()].flatMap((f) => f.values);
}
