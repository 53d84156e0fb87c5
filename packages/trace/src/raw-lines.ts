/**
 * Raw log lines on demand: the trace keeps only byte offsets, so the text of
 * a line is read back from the source Blob when someone looks at it. For
 * gzip sources the stream is decompressed again up to the offsets asked for.
 */
const MAX_LINE = 64 * 1024;

function cutLine(bytes: Uint8Array): string {
  const nl = bytes.indexOf(10);
  let end = nl < 0 ? bytes.length : nl;
  if (end > 0 && bytes[end - 1] === 13) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

export async function readRawLines(source: Blob, gzip: boolean, offsets: readonly number[]): Promise<string[]> {
  if (!gzip) {
    return Promise.all(
      offsets.map(async (o) => (Number.isFinite(o) ? cutLine(new Uint8Array(await source.slice(o, o + MAX_LINE).arrayBuffer())) : '')),
    );
  }
  const wanted = offsets.map((o, k) => [o, k] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<string>(offsets.length).fill('');
  const reader = source.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  let pos = 0;
  let w = 0;
  let carry: Uint8Array | null = null;
  while (w < wanted.length) {
    const r = await reader.read();
    if (r.done) break;
    let chunk = r.value;
    if (carry) {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      pos -= carry.length;
      chunk = joined;
      carry = null;
    }
    while (w < wanted.length && wanted[w][0] < pos + chunk.length) {
      const rel = wanted[w][0] - pos;
      const rest = chunk.subarray(rel);
      if (rest.indexOf(10) < 0 && rest.length < MAX_LINE) {
        carry = chunk.slice(rel);
        pos += rel;
        break;
      }
      out[wanted[w][1]] = cutLine(rest);
      w++;
    }
    if (!carry) pos += chunk.length;
  }
  reader.cancel().catch(() => {});
  return out;
}
