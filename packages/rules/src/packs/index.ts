/** The built-in rule packs, parsed once. */
import type { RuleFile, ValueNames } from '../ast.ts';
import { parseRules } from '../parse-rules.ts';
import { deviceStatusPack } from './device-status.ts';
import { hostGuestPack } from './host-guest.ts';
import { tracingFormalPack } from './tracing-formal.ts';
import { vhostUserPack } from './vhost-user.ts';
import { vhostUserFrontendPack } from './vhost-user-frontend.ts';
import { virtioConsolePack } from './virtio-console.ts';
import { virtioMmioPack } from './virtio-mmio.ts';
import { virtioPciPack } from './virtio-pci.ts';
import { virtioRingGuestPack } from './virtio-ring-guest.ts';
import { virtioRngPack } from './virtio-rng.ts';
import { virtioSndPack, virtioSndQueuesPack } from './virtio-snd.ts';
import { virtqueuePack } from './virtqueue.ts';

export const PACK_SOURCES: Readonly<Record<string, string>> = {
  'virtio-snd': virtioSndPack,
  'device-status': deviceStatusPack,
  virtqueue: virtqueuePack,
  'vhost-user': vhostUserPack,
  'vhost-user-frontend': vhostUserFrontendPack,
  'virtio-rng': virtioRngPack,
  'virtio-console': virtioConsolePack,
  'virtio-pci': virtioPciPack,
  'virtio-mmio': virtioMmioPack,
  'virtio-snd-queues': virtioSndQueuesPack,
  'tracing-formal': tracingFormalPack,
  'virtio-ring-guest': virtioRingGuestPack,
  'host-guest': hostGuestPack,
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
