// Deterministic synthetic traces for `npm run bench`: virtio-snd buffers on many streams,
// vhost-user vrings and QEMU-style virtqueue events in kernel-log form, with buffer
// ownership violations injected at known positions. Nothing here is random between runs.
import { createWriteStream } from 'node:fs';

/** Small, fast, seeded PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREAMS = 64;
const BUFFERS = 8;
const VRINGS = 16;

/**
 * Writes `events` lines to `path`; returns the number of injected violations.
 * One violation per 100,000 events (at least one): a pointer reported before its completion.
 */
export async function generateTrace(path, events, seed = 42) {
  const rand = rng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  const injectEvery = 100_000;
  // Per (stream, buffer): 0 = free/driver (next: send), 1 = sent (next: complete), 2 = completed (next: pointer).
  const phase = new Uint8Array(STREAMS * BUFFERS);
  const enabled = new Uint8Array(VRINGS);
  let t = 15.0;
  let injected = 0;
  let buf = '';
  let n = 0;
  let pendingInject = false;
  const ts = () => {
    t += 0.000001 + rand() * 0.00002;
    return `[${t.toFixed(6).padStart(12)}]`;
  };
  const emit = async (line) => {
    buf += `${line}\n`;
    n++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  };
  while (n < events) {
    if (n > 0 && n % injectEvery === 0) pendingInject = true;
    const r = rand();
    if (r < 0.8) {
      const k = Math.floor(rand() * STREAMS * BUFFERS);
      const s = Math.floor(k / BUFFERS);
      const b = k % BUFFERS;
      const p = phase[k];
      if (p === 0) {
        await emit(`${ts()} virtsnd_pcm_msg_send: stream #${s} adding buffer #${b} to avail`);
        phase[k] = 1;
      } else if (p === 1) {
        if (pendingInject && n + 2 < events) {
          // The bug of the talk: the position of a buffer the device still owns.
          await emit(`${ts()} virtsnd_pcm_pointer: return pointer to stream #${s} buffer #${b}`);
          injected++;
          pendingInject = false;
        }
        await emit(`${ts()} virtsnd_pcm_msg_complete: interruption, stream #${s} buffer #${b} at consume`);
        phase[k] = 2;
      } else {
        await emit(`${ts()} virtsnd_pcm_pointer: return pointer to stream #${s} buffer #${b}`);
        phase[k] = 0;
      }
    } else if (r < 0.95) {
      const v = Math.floor(rand() * VRINGS);
      if (!enabled[v]) {
        await emit(`${ts()} vhost_user: set_vring_enable vring=${v} enable=1`);
        enabled[v] = 1;
      } else await emit(`${ts()} vhost_user: handle_event vring=${v}`);
    } else {
      const q = Math.floor(rand() * 4);
      const e = Math.floor(rand() * 4096);
      await emit(`${ts()} virtio_net virtio0: virtqueue_kick queue=${q} head=${e}`);
    }
  }
  if (buf) out.write(buf);
  await new Promise((r) => out.end(r));
  return { events: n, injected };
}
