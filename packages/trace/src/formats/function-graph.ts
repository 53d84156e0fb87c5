/**
 * The function_graph tracer's text: `[abstime |] CPU) [comm-pid |] [overhead] duration |
 * <indent>fn() {` for a call with children, `fn();` for a leaf, `}` or `} /* fn *\/` for a
 * return. Each becomes an event named by the function, with `phase` entry, leaf or exit and the
 * `duration` in µs where printed; an exit without its name is named from the open calls of
 * its CPU. Trace events inside the graph (`/* irq_handler_entry: irq=36 *\/`) are messages.
 * Without funcgraph-abstime the lines have no time, and log order is the order.
 *
 * readGraphCall is also how trace-cmd's funcgraph_entry/funcgraph_exit events are read.
 */
import type { LineRecord } from '../record.ts';
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';

/** `[marker] [dur us] | body`: the duration column, then the call column. */
const CALL = /^\s*[+!#*@$]?\s*(?:(\d+\.\d+) us\s*)?\|\s*(.*?)\s*$/;
const TAIL = /^\}\s*\/\*\s*(.+?)\s*\*\/$/;

/** Open calls per CPU (or whatever key the caller has), to name exits that print only `}`. */
export class GraphStacks {
  private readonly stacks = new Map<string, string[]>();
  push(key: string, fn: string): void {
    let s = this.stacks.get(key);
    if (!s) {
      s = [];
      this.stacks.set(key, s);
    }
    // A trace that never returns (a lost exit) must not grow without bound.
    if (s.length < 512) s.push(fn);
  }
  pop(key: string): string | undefined {
    return this.stacks.get(key)?.pop();
  }
}

/** `fn [module]` → `fn`. */
const bareName = (s: string) => s.replace(/\s*\[[\w-]+\]$/, '');

/** Reads `[dur us] | body` into rec; false when `text` is not a graph call line. */
export function readGraphCall(text: string, rec: LineRecord, stacks: GraphStacks, key: string): boolean {
  const m = CALL.exec(text);
  if (!m) return false;
  const body = m[2];
  if (m[1]) rec.setField('duration', m[1]);
  if (body.endsWith('() {')) {
    rec.name = bareName(body.slice(0, -4));
    rec.setField('phase', 'entry');
    stacks.push(key, rec.name);
  } else if (body.endsWith('();')) {
    rec.name = bareName(body.slice(0, -3));
    rec.setField('phase', 'leaf');
  } else if (body.startsWith('}')) {
    const tail = TAIL.exec(body);
    const open = stacks.pop(key);
    rec.name = tail ? bareName(tail[1]) : (open ?? 'funcgraph_exit');
    rec.setField('phase', 'exit');
  } else if (body.startsWith('/*') && body.endsWith('*/')) {
    rec.message = body.slice(2, -2).trim();
  } else return false;
  return true;
}

const LINE = /^\s*(?:(\d+\.\d+)\s+\|\s+)?(\d+)\)\s+(?:(\S.*?)-(\d+)\s+\|)?(.*)$/;
/** Context-switch banners (`------`, ` 0)  bash-1 => ls-2`) and the `Tracing…` line of perf-tools. */
const BANNER = /^\s*(?:-{6,}|\d+\)\s+\S+\s+=>\s+\S+\s*$|Tracing ")/;

export const functionGraphFormat: LogFormat = {
  id: 'function-graph',
  label: 'ftrace function_graph',
  sample: ' 0)   0.198 us    |          _raw_spin_lock_irqsave();',
  detect(lines) {
    const body = lines.filter((l) => !l.startsWith('#') && !BANNER.test(l));
    return fitRatio(body, (l) => {
      const m = LINE.exec(l);
      return m !== null && CALL.test(m[5]);
    });
  },
  createParser(): LineParser {
    const stacks = new GraphStacks();
    return (line, rec) => {
      if (line.startsWith('#') || BANNER.test(line)) return 'none';
      const m = LINE.exec(line);
      if (!m) return 'skip';
      if (m[1]) parseSecondsFraction(m[1], rec);
      rec.setField('cpu', String(Number(m[2])));
      if (m[3] !== undefined) {
        rec.setField('comm', m[3].trim());
        rec.setField('pid', m[4]);
      }
      return readGraphCall(m[5], rec, stacks, m[2]) ? 'event' : 'skip';
    };
  },
};
