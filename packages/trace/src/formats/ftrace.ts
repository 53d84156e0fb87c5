/**
 * ftrace text output (`/sys/kernel/tracing/trace`):
 * `aplay-2291 [001] d..1. 15.611647: func: msg`, with a `#` header. The
 * function (or trace event) name becomes the event; the rest is the message.
 */
import { parseSecondsFraction } from '../timestamps.ts';
import type { LineParser, LogFormat } from './format.ts';
import { fitRatio } from './format.ts';

const FTRACE = /^\s*(.+)-(\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(\d+)\]\s+(?:\S{4,5}\s+)?(\d+\.\d+):\s+(.*)$/;
const NAMED = /^([\w.]+):\s?(.*)$/;

export const ftraceFormat: LogFormat = {
  id: 'ftrace',
  label: 'ftrace text',
  sample: '           aplay-2291  [001] d..1. 15.611647: virtsnd_pcm_msg_send: adding buffer #1 to avail',
  extensions: ['.trace'],
  detect: (lines) =>
    fitRatio(
      lines.filter((l) => !l.startsWith('#')),
      (l) => FTRACE.test(l),
    ),
  createParser(): LineParser {
    return (line, rec) => {
      if (line.startsWith('#')) return 'skip';
      const m = FTRACE.exec(line);
      if (!m) return 'skip';
      parseSecondsFraction(m[4], rec);
      rec.setField('pid', m[2]);
      rec.setField('cpu', String(Number(m[3])));
      const rest = m[5];
      const named = NAMED.exec(rest);
      if (named && (named[2] !== '' || !rest.includes(' '))) {
        // A trace_printk line ("func: msg") keeps the function as prefix so
        // that profiles written for the kernel-log form match it too.
        rec.message = rest;
      } else {
        // Function tracer: "virtqueue_add_sgs <-virtsnd_pcm_msg_send".
        const caller = / <-(\S+)/.exec(rest);
        rec.name = rest.split(' ')[0];
        if (caller) rec.setField('caller', caller[1]);
      }
      return 'event';
    };
  },
};
