/** The contract every log format module fulfils. */
import type { LineOutcome, LineRecord } from '../record.ts';
import type { Trace } from '../trace.ts';

/** Position of the line being parsed, for parsers that read an event over several lines. */
export interface LinePosition {
  line: number;
  offset: number;
  /** The input ended inside this line (no newline after it): a log copied while it was written may cut it short. */
  unterminated?: boolean;
}

/**
 * Reads one line into rec. A parser that holds an event back until it has seen the lines after
 * it (perf's callchain) gives it up in `finish` once the input ends.
 */
export type LineParser = ((line: string, rec: LineRecord, pos: LinePosition) => LineOutcome) & {
  finish?: (rec: LineRecord) => LineOutcome;
};

/**
 * Reads the prefix of a line straight from its bytes [start, end). Returns the index where the
 * message starts when the line is an event whose name and fields depend on the message bytes alone
 * (its timestamp then set in rec), or -1 to leave the line to the string parser. It must agree with
 * the format's LineParser on every line it accepts; it may decline any line.
 */
export type BytePrefixReader = (buf: Uint8Array, start: number, end: number, rec: LineRecord) => number;

export interface LogFormat {
  readonly id: string;
  readonly label: string;
  /** One line of the format, for the README and for error messages. */
  readonly sample: string;
  /** File name endings that hint at this format. */
  readonly extensions?: readonly string[];
  /** How well the sample lines fit this format, 0..1. */
  detect(lines: readonly string[]): number;
  /** A fresh parser; it may keep state across the lines of one file. */
  createParser(): LineParser;
  /** A fast path over bytes for the common lines, if the format has one. */
  createPrefixReader?(): BytePrefixReader;
  /** Fields that only the whole trace states (a join across lines), added once it is read. */
  afterIngest?(trace: Trace): Trace;
}

/** Fraction of non-blank lines for which `test` holds. */
export function fitRatio(lines: readonly string[], test: (line: string) => boolean): number {
  let seen = 0;
  let hit = 0;
  for (const l of lines) {
    if (l.trim() === '') continue;
    seen++;
    if (test(l)) hit++;
  }
  return seen === 0 ? 0 : hit / seen;
}
