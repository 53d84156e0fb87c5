/**
 * The one reusable record a format parser fills for each line. Parsers write
 * into it instead of returning objects so that reading a line allocates no
 * event object.
 */
export class LineRecord {
  /** Event name if the format names it (QEMU event, JSON `fields.event`); '' otherwise. */
  name = '';
  /** Message text that profiles map to an event name and fields. */
  message = '';
  /** Whole seconds of the timestamp (NaN when the line has none). */
  tsSec = Number.NaN;
  /** Nanoseconds within that second. */
  tsNs = 0;
  /** Where the event began, when a parser reads one event over several lines (0 / -1 = this line). */
  startLine = 0;
  startOffset = -1;
  /** Set when the message itself gave the timestamp, so what the message means is not only a function of it. */
  tsFromMessage = false;
  readonly keys: string[] = [];
  readonly values: string[] = [];

  reset(): void {
    this.name = '';
    this.message = '';
    this.tsSec = Number.NaN;
    this.tsNs = 0;
    this.startLine = 0;
    this.startOffset = -1;
    this.tsFromMessage = false;
    this.keys.length = 0;
    this.values.length = 0;
  }

  /** Takes what a parser filled into `from` (for parsers that hold an event back a few lines). */
  copyFrom(from: LineRecord): void {
    this.name = from.name;
    this.message = from.message;
    this.tsSec = from.tsSec;
    this.tsNs = from.tsNs;
    this.keys.length = 0;
    this.values.length = 0;
    this.keys.push(...from.keys);
    this.values.push(...from.values);
  }

  setField(key: string, value: string): void {
    const i = this.keys.indexOf(key);
    if (i >= 0) this.values[i] = value;
    else {
      this.keys.push(key);
      this.values.push(value);
    }
  }

  field(key: string): string | undefined {
    const i = this.keys.indexOf(key);
    return i >= 0 ? this.values[i] : undefined;
  }
}

/**
 * What a line parser says of one line: an event, a line that did not fit the format (counted in
 * a warning), a line of the format that is no event (a header, a separator, a callchain frame),
 * or a malformed line.
 */
export type LineOutcome = 'event' | 'skip' | 'none' | { error: string };
