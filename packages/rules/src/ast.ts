/** The parsed form of a rule file. */
import type { Location, Profile } from '@vqscope/trace';

export type FilterOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | '&' | '?';

export interface Filter {
  field: string;
  op: FilterOp;
  /** Raw value text ('' for the presence test `?`). */
  value: string;
}

/** One event pattern: a name (or `*`) with field filters. A clock ticks on every event it matches. */
export interface EventPattern {
  name: string;
  filters: Filter[];
}

/** A union of patterns, written `a | b[x=1]`. */
export interface Selector {
  alternatives: EventPattern[];
}

export type BinaryRelation = 'precedes' | 'causes' | 'alternates' | 'excludes' | 'coincides' | 'subclock';

export type Body =
  | { kind: 'relation'; relation: BinaryRelation; a: Selector; b: Selector }
  /** Every `a` is matched by a `b` before each `c` (a stream is drained before release). */
  | { kind: 'drained'; a: Selector; b: Selector; c: Selector }
  /** The value of `field` on `a` never loses a bit that it had (status bits). */
  /**
   * The value of `field` on `a` never loses a bit that it had (status bits);
   * losing only bits of `except` is a warning, for a loss the trace cannot
   * attribute (QEMU's own status & ~DRIVER_OK write).
   */
  | { kind: 'keeps-bits'; a: Selector; field: string; except?: string }
  /**
   * After each `a` (a used-ring update carrying the indices), `b` (a used
   * buffer notification) comes before the next `a` exactly when
   * vring_need_event(event, new, old) holds (§2.7.7.2).
   */
  | { kind: 'needs-notify'; a: Selector; b: Selector; eventField: string; newField: string; oldField: string }
  | { kind: 'machine'; machine: Machine };

export interface Transition {
  on: Selector;
  /** Target state; undefined = stay. */
  to?: string;
  /**
   * `EVENT -> !STATE`: the event breaks the rule; it is reported once and the
   * key moves on, so the events that follow from the same breach are not
   * reported again (a pop, its fill and flush after a reset are one breach).
   */
  breach?: boolean;
}

export interface Machine {
  initial: string;
  final: string[];
  states: Map<string, Transition[]>;
}

/** MUST → error, SHOULD → warning; a note (an obligation still open at the end of a trace) never fails a check. */
export type Severity = 'error' | 'warning' | 'note';

export interface Rule {
  id: string;
  title: string;
  cite: string;
  quote: string;
  reading: string;
  severity: Severity;
  /** Ids of the spec statements the rule checks (spec/statements.ts), from `checks:`. */
  checks?: string[];
  /** Severity of an obligation still open when the trace ends (default: note, since a capture stops mid-flight). */
  open?: Severity;
  keys: string[];
  reset?: Selector;
  body: Body;
  /** Pack id, for built-in rules. */
  pack?: string;
  /** The value names declared in the rule's own file, which its selectors may use. */
  values?: readonly ValueNames[];
  where: Location;
}

/** Where value names apply: a field of events with a name ('*' = any event, 'prefix*' = names starting so). */
export interface ValueScope {
  event: string;
  field: string;
}

/** `values virtio_set_status.val bits: ACKNOWLEDGE=1, DRIVER=2, ...` */
export interface ValueNames {
  scopes: ValueScope[];
  /** Bit flags (a value is shown as NAME|NAME) rather than an enumeration. */
  bits: boolean;
  names: { name: string; value: number }[];
  where: Location;
}

export interface RuleFile {
  pack?: { id: string; version: string; title: string };
  rules: Rule[];
  profiles: Profile[];
  values: ValueNames[];
}

export interface RuleParseError {
  file: string;
  line: number;
  column: number;
  message: string;
}
