/**
 * The contract between the checker and one kind of monitor. A monitor keeps
 * one small state per key; the checker owns the keys, the dispatch and the
 * violation records, so monitors only decide "allowed or not".
 */
export type ViolationKind = 'missing-before' | 'together' | 'lone' | 'cleared-bits' | 'extra';

/** Filled by a monitor's step; reused for every step to avoid allocation. */
export class StepOutput {
  violated = false;
  kind: ViolationKind = 'missing-before';
  /** Clocks whose next tick would have made the step legal. */
  expectedMask = 0;
  /** Extra words for the message (machine state, cleared bits). */
  detail = '';
  /** Source of the satisfied happens-before edge ending at this event, or -1. */
  edgeFrom = -1;
  /** A SHOULD-level finding inside a MUST rule (an extra notification): reported as a warning. */
  advisory = false;

  reset(): void {
    this.violated = false;
    this.advisory = false;
    this.kind = 'missing-before';
    this.expectedMask = 0;
    this.detail = '';
    this.edgeFrom = -1;
  }
}

export interface PendingObligation {
  /** Event index the obligation started at. */
  event: number;
  expectedMask: number;
  detail: string;
}

export interface MonitorKind<S> {
  /** Number of clocks; clock c ticks when bit c of `ticks` is set. */
  readonly clocks: number;
  fresh(): S;
  step(state: S, i: number, ticks: number, out: StepOutput): void;
  /** True when the state equals fresh(), so the key can be forgotten. */
  idle(state: S): boolean;
  /** An obligation still open at the end of the trace. */
  pending(state: S): PendingObligation | undefined;
  /** Short text of the state, for teach mode's step-through. */
  describe(state: S): string;
}

/** A FIFO of event indices with amortised O(1) shift. */
export class IndexQueue {
  private items: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(i: number): void {
    this.items.push(i);
  }

  peek(): number {
    return this.length > 0 ? this.items[this.head] : -1;
  }

  shift(): number {
    if (this.length === 0) return -1;
    const v = this.items[this.head++];
    if (this.head > 32 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }
}
