/** Command-line parsing for vqscope: small and strict, with messages that say what was expected. */

export interface ParsedArgs {
  command: string;
  files: string[];
  rules: string[];
  packs: string[];
  profiles: string[];
  format: 'text' | 'json' | 'jsonl' | 'sarif' | 'junit' | 'rules';
  /** `mine` and `diff`: --key, --min-support, --max (validated by the command). */
  keys: string[];
  minSupport?: string;
  max?: string;
  /** Live: `check --follow FILE`, `open FILE --follow`. */
  follow: boolean;
  /** `open`: --port, --no-browser. */
  port?: number;
  noBrowser: boolean;
  formatForced?: string;
  linkBase?: string;
  base?: string;
  violation?: string;
  coverage?: boolean;
  /** `vqscope probes --arch`; its `--format` is kept raw in `probeFormat`. */
  arch?: string;
  probeFormat?: string;
  help: boolean;
  /** check: the two files are QEMU's trace and the guest's capture of one run, checked as one. */
  merge: boolean;
}

export class UsageError extends Error {}

const FORMATS = ['text', 'json', 'jsonl', 'sarif', 'junit'] as const;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const a: ParsedArgs = {
    command: '',
    files: [],
    rules: [],
    packs: [],
    profiles: [],
    format: 'text',
    help: false,
    keys: [],
    merge: false,
    follow: false,
    noBrowser: false,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} expects a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const take = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        a.help = true;
        break;
      case '--rules':
        a.rules.push(take());
        break;
      case '--pack':
        a.packs.push(take());
        break;
      case '--profile':
        a.profiles.push(take());
        break;
      case '--format':
        a.probeFormat = take();
        break;
      case '--arch':
        a.arch = take();
        break;
      case '--key':
        a.keys.push(take());
        break;
      case '--min-support':
        a.minSupport = take();
        break;
      case '--max':
        a.max = take();
        break;
      case '--input-format':
        a.formatForced = take();
        break;
      case '--link-base':
        a.linkBase = take();
        break;
      case '--base':
        a.base = take();
        break;
      case '--merge':
        a.merge = true;
        break;
      case '--violation':
        a.violation = take();
        break;
      case '--follow':
        a.follow = true;
        break;
      case '--no-browser':
        a.noBrowser = true;
        break;
      case '--port': {
        const p = take();
        if (!/^\d+$/.test(p) || Number(p) > 65535) throw new UsageError(`--port expects a port number (0-65535), found "${p}"`);
        a.port = Number(p);
        break;
      }
      case '--coverage':
        a.coverage = true;
        break;
      default:
        if (arg.startsWith('--') && arg.length > 2) throw new UsageError(`unknown option ${arg}`);
        if (!a.command) a.command = arg;
        else a.files.push(arg);
    }
  }
  // `probes` has its own formats (tracefs, bpftrace, ...), checked where it runs.
  if (a.probeFormat !== undefined && a.command !== 'probes') {
    const f = a.probeFormat;
    // `mine` also writes a rule file.
    const formats: readonly string[] = a.command === 'mine' ? [...FORMATS, 'rules'] : FORMATS;
    if (!formats.includes(f)) throw new UsageError(`--format expects one of ${formats.join(', ')}, found "${f}"`);
    a.format = f as ParsedArgs['format'];
  }
  return a;
}

export const USAGE = `vqscope — find VirtIO specification violations in driver and device logs

Usage:
  vqscope check FILE... [--rules F]... [--pack NAME]... [--profile F]...
                        [--format text|json|jsonl|sarif|junit] [--input-format ID] [--link-base URL]
  vqscope check - | --follow FILE [same options]   (live: standard input, or a file and what is appended)
  vqscope open FILE [--follow] [--rules F]... [--port N] [--no-browser]
                        (the app in your browser on FILE, served from this machine only)
  vqscope check HOST GUEST --merge [--pack NAME]... [--format text|json|sarif|junit]
  vqscope link FILE [--rules F] --violation ID|first|N [--base URL]
  vqscope explain FILE [--rules F] --violation ID|first|N [--base URL]
  vqscope stats FILE [--profile F]
  vqscope rules [--rules F]...
  vqscope rules --coverage [--format text|json]   (spec statements checked by the built-in rules)
  vqscope mine GOOD... [--key FIELD]... [--min-support N] [--max N] [--format rules|json]
  vqscope diff A B [--rules F]... [--pack NAME]... [--format text|json]
  vqscope probes [--arch x86_64|arm64] [--format tracefs|trace-cmd|perf|bpftrace]

Exit codes: 0 no error-severity violation, 1 violations found, 2 unusable input or rules.
With neither --pack nor --rules, every built-in pack whose events occur in the trace applies.
Live checks print each violation when it is found (text, jsonl) and the summary at the end of
the input or on Ctrl+C; without --input-format the format is decided on the first 64 KiB or
after 100 ms of quiet.`;
