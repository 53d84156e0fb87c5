/**
 * Permalink codec: payload → JSON → deflate-raw → base64url in the URL
 * fragment, so nothing leaves the browser. Decoding caps the inflated size
 * at 1 MiB (a crafted link cannot exhaust memory) and validates the schema.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { PermalinkError, type PermalinkPayload, validatePayload } from './payload.ts';

export const MAX_INFLATED = 1 << 20;
/** Fragment prefix: `#p=` then the envelope version, a dot and the data. */
const PREFIX = 'p=';
const ENVELOPE = '1';

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new PermalinkError('the link is damaged: it has characters that base64url does not use');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new PermalinkError('the link is damaged: its data is not base64url');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function inflateCapped(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inf = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > MAX_INFLATED) throw new PermalinkError(`the link's content is larger than ${MAX_INFLATED} bytes when unpacked`);
    parts.push(chunk);
    if (final) ended = true;
  });
  try {
    inf.push(data, true);
  } catch (e) {
    if (e instanceof PermalinkError) throw e;
    throw new PermalinkError('the link is damaged or cut short: its data does not unpack');
  }
  if (!ended) throw new PermalinkError('the link is cut short: its data ends too early');
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The fragment (without '#') for a payload. */
export function encodePermalink(p: PermalinkPayload): string {
  const json = JSON.stringify(validatePayload(p));
  return `${PREFIX}${ENVELOPE}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

export function isPermalinkFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(PREFIX);
}

/** Decodes a fragment ('#p=1.…' or 'p=1.…'); throws PermalinkError with a readable reason. */
export function decodePermalink(fragment: string): PermalinkPayload {
  const f = fragment.replace(/^#/, '');
  if (!f.startsWith(PREFIX)) throw new PermalinkError('this is not a vqscope link');
  const body = f.slice(PREFIX.length);
  const dot = body.indexOf('.');
  if (dot < 0) throw new PermalinkError('the link is damaged: its version is missing');
  const version = body.slice(0, dot);
  if (version !== ENVELOPE) {
    if (/^\d+$/.test(version) && Number(version) > Number(ENVELOPE))
      throw new PermalinkError(`the link was made by a newer vqscope (link version ${version}); this one reads version ${ENVELOPE}`);
    throw new PermalinkError(`the link has an unknown version "${version.slice(0, 12)}"`);
  }
  const bytes = inflateCapped(fromBase64Url(body.slice(dot + 1)));
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(bytes));
  } catch {
    throw new PermalinkError('the link is damaged: its content is not JSON');
  }
  return validatePayload(json);
}

export function permalinkUrl(base: string, p: PermalinkPayload): string {
  return `${base.replace(/#.*$/, '')}#${encodePermalink(p)}`;
}
