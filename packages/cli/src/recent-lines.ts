/**
 * The last lines of live input, with their line numbers: what a permalink's excerpt is made from
 * when the trace itself is not kept (`check --follow … --link-base`). Bounded, so memory stays
 * flat however long the input runs; a violation whose key's history lies further back gets a
 * link with the part that is still here.
 */
export const RECENT_LINES = 4096;

export class RecentLines {
  private readonly text: string[] = new Array(RECENT_LINES).fill('');
  private readonly lineNo = new Uint32Array(RECENT_LINES);
  private count = 0;
  private line = 0;
  private carry = '';
  private readonly decoder = new TextDecoder();

  push(bytes: Uint8Array): void {
    const s = this.carry + this.decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
      this.add(s.slice(start, nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
    }
    // A line longer than ingest would read is not worth keeping whole.
    this.carry = s.length - start > 1 << 20 ? '' : s.slice(start);
  }

  restart(): void {
    if (this.carry) this.add(this.carry);
    this.carry = '';
    this.line = 0;
  }

  private add(text: string): void {
    const slot = this.count % RECENT_LINES;
    this.text[slot] = text;
    this.lineNo[slot] = ++this.line;
    this.count++;
  }

  /** The lines held, oldest first, up to and including line `upTo` (0 = all). */
  lines(upTo = 0): { line: number; text: string }[] {
    const n = Math.min(this.count, RECENT_LINES);
    const out: { line: number; text: string }[] = [];
    for (let k = this.count - n; k < this.count; k++) {
      const slot = k % RECENT_LINES;
      out.push({ line: this.lineNo[slot], text: this.text[slot] });
    }
    if (upTo === 0) return out;
    // After a restart the window may hold two runs of the text: keep the latest run only.
    let from = 0;
    for (let k = 1; k < out.length; k++) if (out[k].line <= out[k - 1].line) from = k;
    return out.slice(from).filter((l) => l.line <= upTo);
  }
}
