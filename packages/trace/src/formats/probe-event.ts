/**
 * Dynamic probe events as the kernel prints them, shared by the ftrace, trace-cmd and perf
 * readers: `(sym+0x0/0x90) vq=0x… out=1` for a kprobe, `(caller+0x5c/0x110 <- sym) $retval=0`
 * for a kretprobe, `(ffffffff81505d80)` / `(0x41e876 <- 0x48db60)` where no symbol is
 * resolved. The arguments become fields (`$retval` as `retval`); the probed function is `func`,
 * a return's call site `caller`.
 *
 * A return carries only what was fetched at return, so ProbeJoin gives it the arguments of the
 * latest entry of the same function by the same task (or, for the idle task and when there is
 * no pid, on the same CPU).
 */
import type { LineRecord } from '../record.ts';

/**
 * Where the probe fired: `sym+off/size`, `sym` or `hex`, each maybe with its `[module]`, and
 * `caller <- func` for returns.
 */
const WHERE = /^\(([^()\s]+)(?: \[[\w-]+\])?(?: <- ([^()\s]+)(?: \[[\w-]+\])?)?\)(?:\s+|$)/;
/** One `key=` at the start of an argument; values run to the next ` key=` (strings are not escaped). */
const ARG_KEY = /(?:^|\s)([$\w.[\]-]+)=/g;

/** `sym+0x1c/0x90` → `sym`. */
export const symbolOf = (where: string) => where.replace(/\+0x[0-9a-f]+(?:\/0x[0-9a-f]+)?$/i, '');

export interface ProbeHit {
  /** The probed function (symbol or address). */
  func: string;
  isReturn: boolean;
}

/**
 * Who prints a return's `(a <- b)`: the kernel's own text (trace, trace_pipe) is
 * `(caller+off/size <- func)`; libtraceevent (trace-cmd report, perf script) follows the
 * event's print fmt, `(%lx <- %lx)` of __probe_func and __probe_ret_ip, so it is `(func <- caller)`.
 */
export type ReturnOrder = 'kernel' | 'libtraceevent';

/** Reads `(where) args`; undefined (rec untouched) when `info` is not a probe's. */
export function readProbeInfo(info: string, rec: LineRecord, order: ReturnOrder = 'kernel'): ProbeHit | undefined {
  const w = WHERE.exec(info);
  if (!w) return undefined;
  const isReturn = w[2] !== undefined;
  const funcFirst = order === 'libtraceevent' && !w[1].includes('+');
  const func = symbolOf(isReturn && !funcFirst ? w[2] : w[1]);
  rec.setField('func', func);
  if (isReturn) rec.setField('caller', symbolOf(funcFirst ? w[2] : w[1]));
  readProbeArgs(info.slice(w[0].length), rec);
  return { func, isReturn };
}

/** `a=1 b=0x2 s="x "y""`: values end where the next ` key=` begins. */
export function readProbeArgs(args: string, rec: LineRecord): void {
  ARG_KEY.lastIndex = 0;
  let key = '';
  let valueStart = 0;
  for (let m = ARG_KEY.exec(args); m; m = ARG_KEY.exec(args)) {
    if (key) setArg(rec, key, args.slice(valueStart, m.index));
    key = m[1];
    valueStart = m.index + m[0].length;
  }
  if (key) setArg(rec, key, args.slice(valueStart));
}

function setArg(rec: LineRecord, key: string, raw: string): void {
  let v = raw.trimEnd();
  if (v.length >= 2 && v.charCodeAt(0) === 34 && v.charCodeAt(v.length - 1) === 34) v = v.slice(1, -1);
  rec.setField(key.charCodeAt(0) === 36 ? key.slice(1) : key, v);
}

/** Fields of a probe event that are not its arguments. */
const NOT_ARGS = new Set(['pid', 'tid', 'cpu', 'comm', 'func', 'caller', 'group', 'flags', 'callchain']);

export class ProbeJoin {
  private readonly entries = new Map<string, { keys: string[]; values: string[] }>();

  /** Remembers an entry's arguments, or gives a return the arguments of its entry. */
  see(hit: ProbeHit, rec: LineRecord): void {
    const pid = rec.field('tid') ?? rec.field('pid');
    const who = pid !== undefined && pid !== '0' ? `p${pid}` : `c${rec.field('cpu') ?? ''}`;
    const key = `${hit.func}\u0000${who}`;
    if (!hit.isReturn) {
      const keys: string[] = [];
      const values: string[] = [];
      for (let i = 0; i < rec.keys.length; i++)
        if (!NOT_ARGS.has(rec.keys[i])) {
          keys.push(rec.keys[i]);
          values.push(rec.values[i]);
        }
      this.entries.set(key, { keys, values });
      return;
    }
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (let i = 0; i < entry.keys.length; i++) if (rec.field(entry.keys[i]) === undefined) rec.setField(entry.keys[i], entry.values[i]);
  }
}
