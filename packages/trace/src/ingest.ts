/**
 * Streaming ingest: bytes in, columnar trace out. It reads a Web
 * ReadableStream (File.stream() in the worker, a file stream in Node), never
 * builds one string of the whole file, splits lines across chunk borders,
 * decompresses gzip, reports progress and stops when its AbortSignal fires.
 */

import type { BufferSupply } from './buffer-supply.ts';
import { type ChunkSource, chunkReaderOf, gunzipReader } from './chunk-reader.ts';
import { extractInlineFields, firstWord } from './fields.ts';
import type { BytePrefixReader, LinePosition } from './formats/format.ts';
import { detectFormat, FORMATS, formatById, type LineParser, type LogFormat } from './formats/index.ts';
import { withGuestFields } from './guest-fields.ts';
import { hashAsciiBytes, MessageCache, NO_ENTRY } from './message-cache.ts';
import { BUILTIN_PROFILES, type Profile, ProfileMatcher } from './profiles.ts';
import { type LineOutcome, LineRecord } from './record.ts';
import { type Trace, TraceBuilder } from './trace.ts';

export const SAMPLE_BYTES = 64 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const MAX_LISTED_WARNINGS = 100;

export interface IngestWarning {
  line?: number;
  message: string;
}

export interface IngestProgress {
  /** Bytes of the source consumed (compressed bytes for .gz). */
  bytes: number;
  total?: number;
  events: number;
  lines: number;
}

export interface IngestOptions {
  fileName: string;
  totalBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: IngestProgress) => void;
  /** User profiles; tried before the built-in ones. */
  profiles?: readonly Profile[];
  /** Force a format by id instead of detecting it. */
  format?: string;
  maxLineBytes?: number;
  /** Buffers for the columns made ready on another thread (see BufferSupply). */
  buffers?: BufferSupply;
  /** Reads every line through the string parser: what the byte path must agree with, for tests. */
  stringPathOnly?: boolean;
}

export interface IngestResult {
  trace: Trace;
  format: string;
  formatLabel: string;
  /** Lines read, events or not. */
  lines: number;
  /** Bytes of text read (after decompression). */
  bytes: number;
  gzip: boolean;
  warnings: IngestWarning[];
}

/** Unusable input: carries where it went wrong, to be shown as it is. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export class IngestAborted extends Error {
  constructor() {
    super('loading was cancelled');
    this.name = 'IngestAborted';
  }
}

interface PendingLine {
  text: string;
  line: number;
  offset: number;
}

const SHORT_LINE = 512;

/**
 * Short ASCII lines become strings without TextDecoder, whose fixed cost per call dominates
 * for log-sized lines in browsers; undefined when the line is long or not ASCII.
 */
function asciiText(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start > SHORT_LINE) return undefined;
  for (let i = start; i < end; i++) if (bytes[i] > 0x7f) return undefined;
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** What the string path made of one line: an event was added (its name id in lastName), */
const ADDED = 0;
/** the message names no event, */
const NO_EVENT = 1;
/** or it was skipped, malformed, or read in a way the message bytes alone do not decide. */
const OTHER = 2;
type LineResult = typeof ADDED | typeof NO_EVENT | typeof OTHER;

/**
 * The push side of ingest: feed it decompressed bytes in any chunking, then
 * call end(). Chunking never changes the trace it builds.
 */
export class IngestSession {
  private readonly builder: TraceBuilder;
  private readonly rec = new LineRecord();
  private readonly decoder = new TextDecoder('utf-8');
  private readonly strictDecoder = new TextDecoder('utf-8', { fatal: true });
  private readonly matcher: ProfileMatcher;
  private readonly maxLine: number;
  private carry: Uint8Array = new Uint8Array(0);
  private carryLen = 0;
  private skippingLongLine = false;
  private lineNo = 0;
  /** Byte offset where the line being read began. */
  private curLineStart = 0;
  private bytesSeen = 0;
  private readonly pos: LinePosition = { line: 0, offset: 0 };
  /** Number of the last line when the input ended without its newline (0: it ended with one). */
  private unterminatedLine = 0;
  /** totalBytes counts compressed bytes for gzip, so it says nothing about the number of lines. */
  gzipHint = false;
  private sample: PendingLine[] | null = [];
  private sampleBytes = 0;
  private format: LogFormat | undefined;
  private parse: LineParser | undefined;
  readonly warnings: IngestWarning[] = [];
  private listed = 0;
  private invalidUtf8 = { count: 0, first: 0 };
  private unmatched = { count: 0, first: 0 };
  private longLines = { count: 0, first: 0 };
  private malformed = { count: 0 };
  private prefixReader: BytePrefixReader | undefined;
  /** A DataView over the bytes lineDone is reading, for word-at-a-time hashing. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  private readonly messages = new MessageCache();
  /** Name id of the event the string path added last (its field pairs: builder.internedPairs). */
  private lastName = -1;
  /** Text was read before the source started again, so an empty last part is not an empty file. */
  private restarted = false;
  /** Events handed over in batches (live input). */
  private eventsTaken = 0;

  constructor(private readonly opts: IngestOptions) {
    this.builder = new TraceBuilder(opts.buffers);
    this.matcher = new ProfileMatcher([...(opts.profiles ?? []), ...BUILTIN_PROFILES]);
    this.maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (opts.format) {
      const f = formatById(opts.format);
      if (!f) throw new IngestError(`unknown format "${opts.format}"; known: ${FORMATS.map((x) => x.id).join(', ')}`, opts.fileName);
      this.format = f;
    }
  }

  get events(): number {
    return this.builder.count;
  }

  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Uint8Array): void {
    if (this.bytesSeen < SAMPLE_BYTES) this.checkBinary(chunk);
    const base = this.bytesSeen;
    this.view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (this.carryLen > 0 || this.skippingLongLine) {
        this.appendCarry(chunk, start, nl);
        this.finishCarriedLine();
      } else if (nl - start > this.maxLine) {
        this.skipLongLine();
      } else {
        this.lineDone(chunk, start, nl);
      }
      start = nl + 1;
      this.curLineStart = base + start;
    }
    if (start < chunk.length) this.appendCarry(chunk, start, chunk.length);
    this.bytesSeen += chunk.length;
  }

  /** The format in use, once decided (forced, or detected on the sample). */
  get formatId(): string | undefined {
    return this.sample ? undefined : this.format?.id;
  }

  get formatLabel(): string | undefined {
    return this.sample ? undefined : this.format?.label;
  }

  /** Lines held back while the format is not decided yet. */
  get sampleLines(): number {
    return this.sample?.length ?? 0;
  }

  /**
   * Live input: decides the format now, on the lines that have arrived, instead of waiting for a
   * full sample. A forced format always starts; a detection that finds no format leaves the
   * sample in place (false) so that more lines can decide it later.
   */
  decideNow(): boolean {
    if (!this.sample) return true;
    if (!this.format) {
      if (this.sample.length === 0) return false;
      if (
        !detectFormat(
          this.sample.map((s) => s.text),
          this.opts.fileName,
        ).format
      )
        return false;
    }
    this.startParsing();
    return true;
  }

  /**
   * Live input: the text starts again (a followed file was truncated, or replaced by a new one).
   * A last line without its newline is read as it is; line numbers and offsets start from the top.
   */
  restartSource(): void {
    if (this.carryLen > 0 || this.skippingLongLine) this.finishCarriedLine();
    if (this.bytesSeen > 0) this.restarted = true;
    this.lineNo = 0;
    this.curLineStart = 0;
    this.bytesSeen = 0;
  }

  /** Live input: the events read since the last call, as a batch that the session then forgets (see TraceBuilder.takeBatch). */
  takeBatch(): Trace {
    const batch = this.builder.takeBatch();
    this.eventsTaken += batch.count;
    return batch;
  }

  end(): IngestResult {
    if (this.carryLen > 0) this.unterminatedLine = this.lineNo + 1;
    if (this.carryLen > 0 || this.skippingLongLine) this.finishCarriedLine();
    if (this.bytesSeen === 0 && !this.restarted) throw new IngestError('the file is empty', this.opts.fileName);
    if (this.sample) this.startParsing();
    const finish = this.parse?.finish;
    if (finish) {
      this.rec.reset();
      this.handleOutcome(finish(this.rec), '', this.lineNo, this.curLineStart);
    }
    return this.result();
  }

  private checkBinary(chunk: Uint8Array): void {
    const limit = Math.min(chunk.length, SAMPLE_BYTES - this.bytesSeen);
    const nul = chunk.subarray(0, limit).indexOf(0);
    if (nul !== -1) {
      const offset = this.bytesSeen + nul;
      throw new IngestError(
        `binary content: NUL byte at offset ${offset}; vqscope reads text logs (plain, gzip-compressed or JSON)`,
        this.opts.fileName,
        undefined,
        offset,
      );
    }
  }

  private appendCarry(chunk: Uint8Array, from: number, to: number): void {
    if (this.skippingLongLine) return;
    const len = to - from;
    if (this.carryLen + len > this.maxLine) {
      this.skippingLongLine = true;
      this.carryLen = 0;
      this.carry = new Uint8Array(0);
      return;
    }
    if (this.carryLen + len > this.carry.length) {
      const next = new Uint8Array(Math.max(this.carryLen + len, this.carry.length * 2, 4096));
      next.set(this.carry.subarray(0, this.carryLen));
      this.carry = next;
    }
    this.carry.set(chunk.subarray(from, to), this.carryLen);
    this.carryLen += len;
  }

  private finishCarriedLine(): void {
    if (this.skippingLongLine) {
      this.skippingLongLine = false;
      this.skipLongLine();
      return;
    }
    const len = this.carryLen;
    this.carryLen = 0;
    const chunkView = this.view;
    this.view = new DataView(this.carry.buffer, this.carry.byteOffset, this.carry.byteLength);
    this.lineDone(this.carry, 0, len);
    this.view = chunkView;
    if (this.carry.length > 1 << 16) this.carry = new Uint8Array(0);
  }

  private skipLongLine(): void {
    this.lineNo++;
    if (this.longLines.count++ === 0) this.longLines.first = this.lineNo;
  }

  private lineDone(buf: Uint8Array, start: number, end: number): void {
    this.lineNo++;
    const offset = this.curLineStart;
    if (end > start && buf[end - 1] === 13) end--;
    if (this.prefixReader !== undefined && this.fastLine(buf, start, end, offset)) return;
    let text = asciiText(buf, start, end) ?? this.decoder.decode(buf.subarray(start, end));
    if (text.indexOf('\uFFFD') >= 0 && !this.isValidUtf8(buf.subarray(start, end))) {
      if (this.invalidUtf8.count++ === 0) this.invalidUtf8.first = this.lineNo;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (this.sample) {
      this.sample.push({ text, line: this.lineNo, offset });
      this.sampleBytes += end - start;
      if (this.sampleBytes >= SAMPLE_BYTES) this.startParsing();
      return;
    }
    this.parseLine(text, this.lineNo, offset);
  }

  /**
   * The byte path: a line whose message was seen before is added from the message cache without
   * making a string. False leaves the line to the string path.
   */
  private fastLine(buf: Uint8Array, start: number, end: number, offset: number): boolean {
    const rec = this.rec;
    const msg = (this.prefixReader as BytePrefixReader)(buf, start, end, rec);
    if (msg < 0) return false;
    const view = this.view;
    const hash = hashAsciiBytes(buf, view, msg, end);
    if (hash < 0) return false;
    const cache = this.messages;
    const entry = cache.find(buf, view, msg, end, hash);
    if (entry !== NO_ENTRY) {
      const name = cache.nameOf(entry);
      if (name >= 0)
        this.builder.addIds(
          name,
          rec.tsSec,
          rec.tsNs,
          this.lineNo,
          offset,
          cache.pairs,
          cache.pairStartOf(entry),
          cache.pairCountOf(entry),
        );
      return true;
    }
    // ASCII (the hash says so): a short line without TextDecoder's fixed cost, a long one with it.
    const text = asciiText(buf, start, end) ?? this.decoder.decode(buf.subarray(start, end));
    const result = this.parseLine(text, this.lineNo, offset);
    if (result === ADDED) cache.add(buf, msg, end, hash, this.lastName, this.builder.internedPairs, this.rec.keys.length);
    else if (result === NO_EVENT) cache.add(buf, msg, end, hash, -1, this.builder.internedPairs, 0);
    return true;
  }

  private isValidUtf8(bytes: Uint8Array): boolean {
    try {
      this.strictDecoder.decode(bytes);
      return true;
    } catch {
      return false;
    }
  }

  private startParsing(): void {
    const sample = this.sample ?? [];
    this.sample = null;
    if (!this.format) {
      const lines = sample.map((s) => s.text);
      const detection = detectFormat(lines, this.opts.fileName);
      if (!detection.format) {
        const nonBlank = lines.filter((l) => l.trim() !== '').length;
        if (nonBlank === 0) throw new IngestError('the file has no log lines (only blank lines)', this.opts.fileName);
        const tried = detection.scores.map((s) => `${s.id} (${Math.round(s.score * 100)}%)`).join(', ');
        throw new IngestError(
          `unknown log format: no format fits at least 30% of the first ${sample.length} lines. Tried: ${tried}. ` +
            'Add a profile (a `profile` block in a rule file, or --profile FILE) whose patterns match your lines.',
          this.opts.fileName,
          sample[0]?.line,
        );
      }
      this.format = detection.format;
    }
    this.parse = this.format.createParser();
    this.prefixReader = this.opts.stringPathOnly ? undefined : this.format.createPrefixReader?.();
    for (const s of sample) this.parseLine(s.text, s.line, s.offset);
    // Size the columns from the sample's events per byte, so they rarely grow (and copy) while
    // reading; after the sample, so that the fields it showed are sized too.
    const total = this.opts.totalBytes;
    if (total && this.builder.count > 0 && this.sampleBytes > 0 && !this.gzipHint)
      this.builder.reserve(Math.ceil((total / (this.sampleBytes + sample.length)) * this.builder.count * 1.02));
  }

  private parseLine(text: string, line: number, offset: number): LineResult {
    const rec = this.rec;
    rec.reset();
    this.pos.line = line;
    this.pos.offset = offset;
    this.pos.unterminated = line === this.unterminatedLine;
    return this.handleOutcome((this.parse as LineParser)(text, rec, this.pos), text, line, offset);
  }

  /** Adds the event in this.rec, or counts why there is none. */
  private handleOutcome(outcome: LineOutcome, text: string, line: number, offset: number): LineResult {
    const rec = this.rec;
    if (outcome === 'none') return OTHER;
    if (outcome === 'skip') {
      const t = text.trim();
      if (t !== '' && t[0] !== '#' && this.unmatched.count++ === 0) this.unmatched.first = line;
      return OTHER;
    }
    if (outcome !== 'event') {
      this.malformed.count++;
      this.warn(line, `skipped: ${outcome.error}`);
      return OTHER;
    }
    if (!rec.name) {
      if (!rec.message || !this.matcher.apply(rec, line)) {
        rec.name = firstWord(rec.message.trimStart());
        extractInlineFields(rec.message, rec);
      }
      if (!rec.name) return rec.tsFromMessage ? OTHER : NO_EVENT;
    }
    const multiLine = rec.startLine > 0;
    this.lastName = this.builder.add(rec, rec.name, multiLine ? rec.startLine : line, multiLine ? rec.startOffset : offset);
    return multiLine || rec.tsFromMessage ? OTHER : ADDED;
  }

  private warn(line: number | undefined, message: string): void {
    if (this.listed++ < MAX_LISTED_WARNINGS) this.warnings.push(line === undefined ? { message } : { line, message });
  }

  /**
   * Live input shown as it grows (a followed file in the page): what has been read so far, its trace
   * a snapshot of the builder (TraceBuilder.snapshot), and the session goes on. A last line without
   * its newline waits for it. Fields joined across the whole trace (QEMU's vdev/queue/device, the
   * probe kit's) are not derived: they look ahead in the trace, so they are the same as in
   * `vqscope check --follow`, which derives none either. Undefined while no line has come.
   */
  sofar(): IngestResult | undefined {
    if (this.sample) {
      if (this.sample.length === 0) return undefined;
      // What has arrived decides, as in `check --follow`; a sample no format fits gets its message now.
      if (!this.decideNow()) this.startParsing();
    }
    const format = this.format as LogFormat;
    return {
      trace: this.builder.snapshot(),
      format: format.id,
      formatLabel: format.label,
      lines: this.lineNo,
      bytes: this.bytesSeen,
      gzip: false,
      warnings: [...this.warnings, ...this.matcher.warnings, ...this.readNotes(format)],
    };
  }

  /** Why lines were skipped or read in an unusual way, summed up. */
  private readNotes(format: LogFormat): IngestWarning[] {
    const w: IngestWarning[] = [];
    if (this.longLines.count > 0)
      w.push({
        line: this.longLines.first,
        message: `${this.longLines.count} line(s) longer than ${this.maxLine} bytes skipped, first at line ${this.longLines.first}`,
      });
    if (this.invalidUtf8.count > 0)
      w.push({
        line: this.invalidUtf8.first,
        message: `${this.invalidUtf8.count} line(s) with invalid UTF-8, kept with U+FFFD replacements, first at line ${this.invalidUtf8.first}`,
      });
    if (this.unmatched.count > 0)
      w.push({
        line: this.unmatched.first,
        message: `${this.unmatched.count} line(s) did not fit the ${format.label} format and were skipped, first at line ${this.unmatched.first}`,
      });
    if (this.listed > MAX_LISTED_WARNINGS) w.push({ message: `${this.listed - MAX_LISTED_WARNINGS} more skipped line(s) not listed` });
    if (this.builder.backwardsAtLine > 0)
      w.push({
        line: this.builder.backwardsAtLine,
        message: `timestamps go backwards, first at line ${this.builder.backwardsAtLine}; log order is used as the order`,
      });
    return w;
  }

  private result(): IngestResult {
    const format = this.format as LogFormat;
    const w = this.readNotes(format);
    const read = this.builder.finish();
    // Live input hands its events over in batches: a pass over the whole trace cannot run, and a
    // pass over one batch would intern derived fields apart from the builder's tables.
    const trace = this.eventsTaken === 0 ? withGuestFields(format.afterIngest ? format.afterIngest(read) : read) : read;
    if (trace.count + this.eventsTaken === 0 && this.malformed.count === 0) {
      // A format the user forced that fits no line is a wrong guess, not a clean trace.
      if (this.opts.format && this.unmatched.count > 0)
        throw new IngestError(
          `no line fits the format forced with --input-format ${format.id} (${format.label}; ${this.unmatched.count} line(s) tried, first at line ${this.unmatched.first}); leave the format out to detect it`,
          this.opts.fileName,
          this.unmatched.first,
        );
      w.push({ message: `no events found in ${this.lineNo} line(s) read as ${format.label}` });
    }
    return {
      trace,
      format: format.id,
      formatLabel: format.label,
      lines: this.lineNo,
      bytes: this.bytesSeen,
      gzip: false,
      warnings: [...this.warnings, ...this.matcher.warnings, ...w],
    };
  }
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

export type { ChunkSource };

/**
 * One macrotask turn. Not setTimeout: browsers clamp nested timers to 4 ms, a tax on every yield.
 * setImmediate where it exists (Node), else a MessageChannel round trip.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  if (immediate) return new Promise((r) => immediate(r));
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      r();
    };
    ch.port2.postMessage(0);
  });
}

/** Reads a whole stream into a trace. Gzip is recognised by its magic bytes. */
export async function ingestStream(source: ChunkSource, opts: IngestOptions): Promise<IngestResult> {
  const signal = opts.signal;
  let consumed = 0;
  const raw = chunkReaderOf(source);
  const first = await raw.read();
  if (!first || first.length === 0) {
    await raw.cancel();
    throw new IngestError('the file is empty', opts.fileName);
  }
  const gzip = first.length >= 2 && first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1;
  const reader = gzip
    ? gunzipReader(raw, first, (n) => {
        consumed += n;
      })
    : raw;
  let next: Uint8Array | undefined = gzip ? undefined : first;
  const session = new IngestSession(opts);
  session.gzipHint = gzip;
  const progress = () => opts.onProgress?.({ bytes: consumed, total: opts.totalBytes, events: session.events, lines: session.lines });
  let lastYield = performance.now();
  try {
    for (;;) {
      // Reads of a cached file resolve without ever leaving the microtask queue; give the event
      // loop a turn now and then so that cancel (and any other message) gets through at once.
      if (performance.now() - lastYield > 30) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (signal?.aborted) throw new IngestAborted();
      let chunk: Uint8Array | undefined;
      try {
        chunk = next ?? (await reader.read());
        next = undefined;
      } catch (e) {
        if (signal?.aborted) throw new IngestAborted();
        if (gzip)
          throw new IngestError(
            `the gzip data is corrupt or truncated after ${consumed} compressed bytes (${(e as Error).message})`,
            opts.fileName,
            session.lines || undefined,
          );
        throw new IngestError(`reading failed: ${(e as Error).message}`, opts.fileName);
      }
      if (!chunk) break;
      if (!gzip) consumed += chunk.length;
      session.push(chunk);
      progress();
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
  const result = session.end();
  progress();
  return { ...result, gzip };
}

/** Convenience for tests and small inputs. */
export function ingestText(text: string, opts: Omit<IngestOptions, 'signal' | 'onProgress'>): IngestResult {
  const session = new IngestSession(opts);
  session.push(new TextEncoder().encode(text));
  return session.end();
}
