/**
 * Profiles map the message text of a line to an event name and fields with
 * ordered regexes and named groups (`event`, `ts`, any field), as ShiViz
 * does. Built-in profiles know the driver messages of the reference cases;
 * users add their own in a rule file or with `--profile`. User patterns run
 * under a time budget: a pattern that is too slow on a line is switched off
 * with a warning instead of hanging the run.
 */
import { extractInlineFields, firstWord } from './fields.ts';
import type { LineRecord } from './record.ts';
import { parseAnyTimestamp } from './timestamps.ts';

export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface ProfilePattern {
  readonly re: RegExp;
  /** A literal every match contains (and starts with, when `anchored`): a cheap test before the regex. */
  readonly literal?: string;
  readonly anchored?: boolean;
  /** Event name when the pattern has no `event` group. */
  readonly event?: string;
  readonly source: string;
  readonly where?: Location;
}

export interface Profile {
  readonly name: string;
  readonly patterns: readonly ProfilePattern[];
  /** User patterns are timed; built-in ones are known to be linear. */
  readonly trusted?: boolean;
}

/**
 * The longest run of plain characters a pattern requires, and whether the
 * pattern starts with it; alternations and optional parts give none.
 */
export function requiredLiteral(source: string, flags = ''): { literal?: string; anchored: boolean } {
  if (flags.includes('i')) return { anchored: false };
  let best = '';
  let cur = '';
  let curStart = -1;
  let bestStart = -1;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (depth === 0 && /[^\w]/.test(next) && next !== '') {
        if (cur === '') curStart = i;
        cur += next;
      } else cur = '';
      i++;
    } else if (c === '(' || c === '[') {
      depth++;
      cur = '';
    } else if (c === ')' || c === ']') {
      depth--;
      cur = '';
    } else if (c === '|' && depth === 0) {
      return { anchored: false };
    } else if (depth === 0 && /[\w :#=,-]/.test(c) && !/[*+{?]/.test(source[i + 1] ?? '')) {
      if (cur === '') curStart = i;
      cur += c;
    } else cur = '';
    if (cur.length > best.length) {
      best = cur;
      bestStart = curStart;
    }
  }
  return best.length >= 3 ? { literal: best, anchored: source.startsWith('^') && bestStart === 1 } : { anchored: false };
}

export function compilePattern(source: string, flags: string, event: string | undefined, where?: Location): ProfilePattern {
  return { re: new RegExp(source, flags), event, source, where, ...requiredLiteral(source, flags) };
}

function builtin(name: string, rows: [string, string | undefined][]): Profile {
  return { name, trusted: true, patterns: rows.map(([source, event]) => compilePattern(source, '', event)) };
}

export const BUILTIN_PROFILES: readonly Profile[] = [
  builtin('virtio-snd', [
    ['^virtsnd_pcm_msg_send:.*?\\bbuffer #(?<buffer>\\d+)', 'virtsnd_pcm_msg_send'],
    ['^virtsnd_pcm_pointer:.*?\\bbuffer #(?<buffer>\\d+)', 'virtsnd_pcm_pointer'],
    ['^virtsnd_pcm_msg_complete:.*?\\bbuffer #(?<buffer>\\d+)', 'virtsnd_pcm_msg_complete'],
    // QEMU's device trace spells SET_PARAMS and RELEASE without R_ (hw/audio/trace-events), as plain text or when relayed.
    ['\\bVIRTIO_SND_(?:R_)?PCM_SET_PARAMS\\b.*?\\bstream(?:_id)?\\D{0,3}(?<stream>\\d+)', 'pcm_set_params'],
    ['\\bVIRTIO_SND_R_PCM_PREPARE\\b.*?\\bstream(?:_id)?\\D{0,3}(?<stream>\\d+)', 'pcm_prepare'],
    ['\\bVIRTIO_SND_R_PCM_START\\b.*?\\bstream(?:_id)?\\D{0,3}(?<stream>\\d+)', 'pcm_start'],
    ['\\bVIRTIO_SND_R_PCM_STOP\\b.*?\\bstream(?:_id)?\\D{0,3}(?<stream>\\d+)', 'pcm_stop'],
    ['\\bVIRTIO_SND_(?:R_)?PCM_RELEASE\\b.*?\\bstream(?:_id)?\\D{0,3}(?<stream>\\d+)', 'pcm_release'],
  ]),
  // One pattern per spelling, so that each has a literal to test before the regex runs.
  builtin('vhost-user', [
    ['^handled event\\b', 'handle_event'],
    ['\\bset_vring_enable\\b', 'set_vring_enable'],
    ['\\bSET_VRING_ENABLE\\b', 'set_vring_enable'],
    ['\\bget_vring_base\\b', 'get_vring_base'],
    ['\\bGET_VRING_BASE\\b', 'get_vring_base'],
    ['\\bset_vring_kick\\b', 'set_vring_kick'],
    ['\\bSET_VRING_KICK\\b', 'set_vring_kick'],
  ]),
];

const BUDGET_MS = 100;

/** Nested quantifiers such as `(a+)+` or `(.*)*` backtrack exponentially. */
export function hasNestedQuantifier(source: string): boolean {
  const stack: boolean[] = [];
  let quantifiedInside = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') {
      stack.push(quantifiedInside);
      quantifiedInside = false;
    } else if (c === ')') {
      const inner = quantifiedInside;
      quantifiedInside = stack.pop() ?? false;
      const next = source[i + 1];
      const groupQuantified = next === '*' || next === '+' || (next === '{' && /^\{\d*,\d*\}/.test(source.slice(i + 1)));
      if (inner && groupQuantified) return true;
      if (inner || groupQuantified) quantifiedInside = true;
    } else if (c === '*' || c === '+' || c === '{') {
      quantifiedInside = true;
    }
  }
  return false;
}

export interface ProfileWarning {
  line?: number;
  message: string;
}

/** Applies profiles to records; keeps the state of switched-off patterns. */
interface Candidate {
  profile: Profile;
  pattern: ProfilePattern;
  /** Position in the written order: the first pattern that matches wins. */
  order: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Applies profiles to records; keeps the state of switched-off patterns. */
export class ProfileMatcher {
  private readonly disabled = new Set<ProfilePattern>();
  readonly warnings: ProfileWarning[] = [];
  /** Patterns anchored on a literal that starts with a whole word, by that word: most lines look up one list. */
  private readonly byFirstWord = new Map<string, Candidate[]>();
  /** All other patterns, in order, and one regex over their literals when each has one. */
  private readonly rest: Candidate[] = [];
  private readonly restGate: RegExp | undefined;

  constructor(profiles: readonly Profile[]) {
    let order = 0;
    for (const profile of profiles) {
      for (const pattern of profile.patterns) {
        const c = { profile, pattern, order: order++ };
        const word = pattern.anchored && pattern.literal ? /^([^:\s]+)[:\s]/.exec(pattern.literal)?.[1] : undefined;
        if (word) {
          const list = this.byFirstWord.get(word) ?? [];
          list.push(c);
          this.byFirstWord.set(word, list);
        } else this.rest.push(c);
      }
    }
    if (this.rest.length > 0 && this.rest.every((c) => c.pattern.literal !== undefined))
      this.restGate = new RegExp([...new Set(this.rest.map((c) => escapeRegExp(c.pattern.literal as string)))].join('|'));
  }

  /** Fills `rec.name` (and fields) from the message. Returns false if nothing named the event. */
  apply(rec: LineRecord, line: number): boolean {
    const text = rec.message;
    const anchored = this.byFirstWord.size > 0 ? this.byFirstWord.get(firstWord(text)) : undefined;
    const others = this.rest.length > 0 && (!this.restGate || this.restGate.test(text)) ? this.rest : undefined;
    let candidates: readonly Candidate[];
    if (anchored && others) candidates = [...anchored, ...others].sort((a, b) => a.order - b.order);
    else candidates = anchored ?? others ?? [];
    for (const c of candidates) if (this.tryPattern(c, text, rec, line)) return true;
    return false;
  }

  private tryPattern({ profile, pattern: p }: Candidate, text: string, rec: LineRecord, line: number): boolean {
    if (p.literal !== undefined && (p.anchored ? !text.startsWith(p.literal) : text.indexOf(p.literal) < 0)) return false;
    if (this.disabled.size > 0 && this.disabled.has(p)) return false;
    let m: RegExpExecArray | null;
    if (profile.trusted) m = p.re.exec(text);
    else {
      const t0 = performance.now();
      m = p.re.exec(text);
      const ms = performance.now() - t0;
      if (ms > BUDGET_MS) {
        this.disabled.add(p);
        const at = p.where ? `${p.where.file}:${p.where.line}: ` : '';
        this.warnings.push({
          line,
          message: `${at}pattern /${p.source}/ of profile ${profile.name} took ${Math.round(ms)} ms on line ${line} (budget ${BUDGET_MS} ms) and was switched off`,
        });
      }
    }
    if (!m) return false;
    let name = p.event ?? '';
    const groups = m.groups;
    if (groups) {
      for (const k in groups) {
        const v = groups[k];
        if (v === undefined) continue;
        if (k === 'event') name = v;
        else if (k === 'ts') {
          parseAnyTimestamp(v, rec);
          rec.tsFromMessage = true;
        } else rec.setField(k, v);
      }
    }
    rec.name = name || firstWord(text);
    extractInlineFields(text, rec);
    return true;
  }
}
