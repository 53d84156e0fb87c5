/**
 * The prefixes the kernel itself puts in front of a printk message, shared by every kernel-log
 * reader (dmesg, dmesg -x, /dev/kmsg, journalctl). Dynamic debug's decorations
 * (`[tid] ` or `<intr> `, then `module:function:file:line: ` for the flags +tmfsl, from
 * lib/dynamic_debug.c __dynamic_emit_prefix) and dev_printk's `driver device: ` become fields,
 * (`driver`, and `dev`: N for virtioN, as the guest probe kit keys devices, else the name),
 * and the message is handed on as `function: text`, the form profiles are written for. A
 * driver's `virtsnd_pcm_msg_send: virtio_snd virtio0: adding buffer #1` is thus the same
 * event as the plain `virtsnd_pcm_msg_send: adding buffer #1`.
 *
 * It reads the message text only, so the byte path's message cache stays right. It must not
 * mistake prose for a prefix: a device name has a digit in it, dyndbg prefixes have no spaces.
 */
import type { LineRecord } from '../record.ts';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** An identifier (module or function name). */
function isIdentifier(s: string): boolean {
  if (s.length === 0 || isDigit(s.charCodeAt(0))) return false;
  for (let i = 0; i < s.length; i++) if (!isWord(s.charCodeAt(i))) return false;
  return true;
}

function isNumber(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

const isSourceFile = (s: string) => /^[\w./-]+\.[ch]$/.test(s);

/** `driver device: ` or netdev_printk's `driver device netdev: `: the driver and a device name with a digit. */
const DEV_PREFIX = /^([A-Za-z_][\w.-]*) ([\w.:-]*\d[\w.:-]*)(?: ([\w.-]+))?: /;

/** The colon-separated parts of a space-free `a:b:c: ` at `i`, or undefined when there is none. */
function readDyndbg(s: string, i: number): { parts: string[]; end: number } | undefined {
  const space = s.indexOf(' ', i);
  if (space < 0 || space - i < 3 || s.charCodeAt(space - 1) !== 58) return undefined;
  const parts = s.slice(i, space - 1).split(':');
  return { parts, end: space + 1 };
}

/**
 * Splits the kernel prefixes off `message` into fields of rec and sets rec.message to what is
 * left (`function: text` when a function is known). Returns nothing; rec.message is always set.
 */
export function readKernelMessage(message: string, rec: LineRecord): void {
  const n = message.length;
  let i = 0;
  const c0 = message.charCodeAt(0);
  if (c0 === 91) {
    // `[tid] `
    let j = 1;
    while (j < n && isDigit(message.charCodeAt(j))) j++;
    if (j > 1 && message.charCodeAt(j) === 93 && message.charCodeAt(j + 1) === 32) {
      rec.setField('pid', message.slice(1, j));
      i = j + 2;
    }
  } else if (c0 === 60 && message.startsWith('<intr> ')) {
    rec.setField('context', 'intr');
    i = 7;
  }
  let fn = '';
  const dd = readDyndbg(message, i);
  if (dd) {
    const words: string[] = [];
    let lineno = '';
    let file = '';
    let ok = true;
    for (const p of dd.parts) {
      if (isNumber(p) && lineno === '') lineno = p;
      else if (isSourceFile(p) && file === '') file = p;
      else if (isIdentifier(p) && lineno === '' && file === '') words.push(p);
      else ok = false;
    }
    ok &&= words.length <= 2 && (dd.parts.length >= 2 || i > 0);
    if (ok && dd.parts.length === 1 && i > 0) {
      // `[tid] word: `: module or function, which the text cannot tell; kept in the message.
      ok = false;
    }
    if (ok) {
      if (words.length === 2) {
        rec.setField('module', words[0]);
        fn = words[1];
      } else if (words.length === 1) {
        // With the source file or line, a lone word is the function (+fl) or module (+ml);
        // the function is the usual choice and the only one a profile can use.
        fn = words[0];
      }
      if (fn) rec.setField('function', fn);
      if (file) rec.setField('file', file);
      if (lineno) rec.setField('lineno', lineno);
      i = dd.end;
    } else if (dd.parts.length === 1 && isIdentifier(dd.parts[0]) && DEV_PREFIX.test(message.slice(dd.end))) {
      // `func: driver device: text` (dyndbg +f, or a driver's own "%s: " with __func__).
      fn = dd.parts[0];
      i = dd.end;
    }
  }
  let rest = i === 0 ? message : message.slice(i);
  const dev = rest.charCodeAt(0) !== 32 ? DEV_PREFIX.exec(rest) : null;
  if (dev) {
    rec.setField('driver', dev[1]);
    // A virtio device is keyed by its index, as the probe kit's `dev` field has it.
    const virtio = /^virtio(\d+)$/.exec(dev[2]);
    rec.setField('dev', virtio ? virtio[1] : dev[2]);
    if (dev[3]) rec.setField('netdev', dev[3]);
    rest = rest.slice(dev[0].length);
  }
  if (fn && !(rest.startsWith(fn) && rest.charCodeAt(fn.length) === 58)) rest = `${fn}: ${rest}`;
  rec.message = rest;
}
