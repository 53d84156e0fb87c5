/**
 * How much of the specs the built-in rules check, computed from the statement
 * table and the `checks:` attribute of every pack rule, so that the numbers in
 * `vqscope rules --coverage` and docs/spec-coverage.md cannot drift from the rules.
 */
import type { RuleFile } from '../ast.ts';
import type { Statement, TraceSource } from './statement.ts';
import { TRACE_SOURCES } from './statement.ts';
import { VHOST_USER_STATEMENTS, VIRTIO_STATEMENTS } from './statements.ts';

export interface SectionCoverage {
  section: string;
  statements: number;
  observable: number;
  covered: number;
  /** Statements observable in each trace source (a statement may count in several). */
  observableIn: Record<TraceSource, number>;
}

export interface StatementCoverage {
  statement: Statement;
  group: string;
  /** Ids of the rules that check it (pack:rule). */
  rules: string[];
}

export interface CoverageTotals {
  statements: number;
  observable: number;
  covered: number;
}

export interface CoverageReport {
  sections: SectionCoverage[];
  total: CoverageTotals;
  /** The same totals per spec: VirtIO 1.3 and vhost-user. */
  specs: { spec: string; statements: number; observable: number; covered: number }[];
  statements: StatementCoverage[];
  /** Inconsistencies between the table and the rules; a test keeps this empty. */
  problems: string[];
}

const VIRTIO_GROUPS: [string, string][] = [
  ['2.1', 'VirtIO §2.1 device status'],
  ['2.2', 'VirtIO §2.2 feature bits'],
  ['2.4', 'VirtIO §2.4 device reset'],
  ['2.6', 'VirtIO §2.6.1 virtqueue reset'],
  ['2.7', 'VirtIO §2.7 split virtqueues'],
  ['3.1', 'VirtIO §3.1 device initialization'],
  ['3.3', 'VirtIO §3.3 device cleanup'],
  ['4.1', 'VirtIO §4.1 PCI (queue, status, notification subset)'],
  ['4.2', 'VirtIO §4.2 virtio-mmio'],
  ['5.2', 'VirtIO §5.2 block device'],
  ['5.3', 'VirtIO §5.3 console device'],
  ['5.4', 'VirtIO §5.4 entropy device'],
  ['5.5', 'VirtIO §5.5 memory balloon'],
  ['5.14', 'VirtIO §5.14 sound device'],
];

const VHOST_GROUPS: [RegExp, string][] = [
  [/^Ring states/, 'vhost-user ring states'],
  [/^Suspended/, 'vhost-user suspended device state'],
  [/^(Communication|REPLY_ACK)/, 'vhost-user replies (Communication, REPLY_ACK)'],
  [/^Multiple queue/, 'vhost-user multiple queue support'],
  [/^(Migration|In-band)/, 'vhost-user migration and in-band notifications'],
  [/^Back-end message/, 'vhost-user back-end message types'],
  [/./, 'vhost-user front-end message types'],
];

function virtioGroup(section: string): string {
  const two = section.split('.').slice(0, 2).join('.');
  const g = VIRTIO_GROUPS.find(([p]) => p === two);
  return g ? g[1] : `VirtIO §${two}`;
}

function vhostGroup(section: string): string {
  return (VHOST_GROUPS.find(([re]) => re.test(section)) as [RegExp, string])[1];
}

export function allStatements(): { statement: Statement; group: string; spec: string }[] {
  return [
    ...VIRTIO_STATEMENTS.map((s) => ({ statement: s, group: virtioGroup(s.section), spec: 'VirtIO 1.3' })),
    ...VHOST_USER_STATEMENTS.map((s) => ({ statement: s, group: vhostGroup(s.section), spec: 'vhost-user' })),
  ];
}

const emptySources = (): Record<TraceSource, number> => Object.fromEntries(TRACE_SOURCES.map((s) => [s, 0])) as Record<TraceSource, number>;

/** Coverage of the statement table by the rules of `packs` (id → parsed pack). */
export function specCoverage(packs: ReadonlyMap<string, RuleFile>): CoverageReport {
  const table = allStatements();
  const byId = new Map(table.map((t) => [t.statement.id, t]));
  const problems: string[] = [];
  if (byId.size !== table.length) problems.push('two statements share an id');
  const rulesOf = new Map<string, string[]>();
  for (const [packId, file] of packs) {
    for (const r of file.rules) {
      for (const id of r.checks ?? []) {
        if (!byId.has(id)) {
          problems.push(`rule ${packId}:${r.id} checks "${id}", which is not in the statement table`);
          continue;
        }
        const list = rulesOf.get(id) ?? [];
        list.push(`${packId}:${r.id}`);
        rulesOf.set(id, list);
      }
    }
  }
  const sections = new Map<string, SectionCoverage>();
  const specs = new Map<string, { spec: string; statements: number; observable: number; covered: number }>();
  const statements: StatementCoverage[] = [];
  for (const { statement: s, group, spec } of table) {
    const rules = rulesOf.get(s.id) ?? [];
    statements.push({ statement: s, group, rules });
    let sec = sections.get(group);
    if (!sec) {
      sec = { section: group, statements: 0, observable: 0, covered: 0, observableIn: emptySources() };
      sections.set(group, sec);
    }
    let sp = specs.get(spec);
    if (!sp) {
      sp = { spec, statements: 0, observable: 0, covered: 0 };
      specs.set(spec, sp);
    }
    const observable = s.observable.length > 0;
    const covered = rules.length > 0;
    sec.statements++;
    sp.statements++;
    if (observable) {
      sec.observable++;
      sp.observable++;
    }
    for (const src of s.observable) sec.observableIn[src]++;
    if (covered) {
      sec.covered++;
      sp.covered++;
    }
    if (covered && !observable) problems.push(`statement ${s.id} is checked by ${rules.join(', ')} but marked as observable nowhere`);
    if (!covered && !s.reason) problems.push(`statement ${s.id} is checked by no rule and says no reason why`);
    if (covered && s.reason)
      problems.push(`statement ${s.id} is checked by ${rules.join(', ')} but still gives a reason for being unchecked`);
  }
  const order = [...VIRTIO_GROUPS.map(([, g]) => g), ...VHOST_GROUPS.map(([, g]) => g)];
  const list = [...sections.values()].sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
  const total = {
    statements: list.reduce((n, s) => n + s.statements, 0),
    observable: list.reduce((n, s) => n + s.observable, 0),
    covered: list.reduce((n, s) => n + s.covered, 0),
  };
  return { sections: list, total, specs: [...specs.values()], statements, problems };
}

/** `{sections, total}` as `vqscope rules --coverage --format json` prints it. */
export function coverageJson(r: CoverageReport): object {
  return {
    sections: r.sections.map((s) => ({
      section: s.section,
      statements: s.statements,
      observable: s.observable,
      covered: s.covered,
      observableIn: s.observableIn,
    })),
    total: r.total,
    specs: r.specs,
  };
}

const SOURCE_SHORT: Record<TraceSource, string> = {
  qemu: 'Q',
  'qemu-partial': 'Q~',
  'guest-kernel': 'K',
  'back-end-log': 'B',
  socket: 'S',
};

/** The per-section table as plain text. */
export function coverageText(r: CoverageReport): string {
  const w = Math.max(...r.sections.map((s) => s.section.length), 7);
  const head = `${'section'.padEnd(w)}  statements  observable  covered   observable in (${TRACE_SOURCES.map((s) => `${SOURCE_SHORT[s]} ${s}`).join(', ')})`;
  const lines = [head];
  for (const s of r.sections)
    lines.push(
      `${s.section.padEnd(w)}  ${String(s.statements).padStart(10)}  ${String(s.observable).padStart(10)}  ${String(s.covered).padStart(7)}   ${TRACE_SOURCES.map((src) => `${SOURCE_SHORT[src]} ${s.observableIn[src]}`).join(', ')}`,
    );
  lines.push('');
  for (const sp of r.specs)
    lines.push(
      `${sp.spec.padEnd(w)}  ${String(sp.statements).padStart(10)}  ${String(sp.observable).padStart(10)}  ${String(sp.covered).padStart(7)}`,
    );
  lines.push(
    `${'total'.padEnd(w)}  ${String(r.total.statements).padStart(10)}  ${String(r.total.observable).padStart(10)}  ${String(r.total.covered).padStart(7)}`,
  );
  for (const p of r.problems) lines.push(`problem: ${p}`);
  return lines.join('\n');
}

/** docs/spec-coverage.md: the table, then every statement with the rules that check it or why none does. */
export function coverageMarkdown(r: CoverageReport): string {
  const out: string[] = [
    '# Spec coverage of the built-in rules',
    '',
    '<!-- Generated by scripts/gen-spec-coverage.mjs from packages/rules/src/spec/statements.ts and the packs; do not edit. -->',
    '',
    'Every normative statement (a sentence with MUST, SHOULD or MAY) of the VirtIO 1.3 sections in scope and of QEMU `docs/interop/vhost-user.rst`, where a trace can show it, and which built-in rule checks it. `vqscope rules --coverage` prints the same numbers.',
    '',
    `Trace sources: ${TRACE_SOURCES.map((s) => `**${SOURCE_SHORT[s]}** ${s}`).join(', ')}. "Observable" = at least one source shows it (fully or in part).`,
    '',
    '| Section | Statements | Observable | Covered | Observable in |',
    '|---|---:|---:|---:|---|',
  ];
  for (const s of r.sections)
    out.push(
      `| ${s.section} | ${s.statements} | ${s.observable} | ${s.covered} | ${TRACE_SOURCES.filter((src) => s.observableIn[src] > 0)
        .map((src) => `${SOURCE_SHORT[src]} ${s.observableIn[src]}`)
        .join(', ')} |`,
    );
  for (const sp of r.specs) out.push(`| **${sp.spec}** | ${sp.statements} | ${sp.observable} | ${sp.covered} | |`);
  out.push(`| **total** | **${r.total.statements}** | **${r.total.observable}** | **${r.total.covered}** | |`, '');
  let group = '';
  const ordered = [...r.statements].sort(
    (a, b) => r.sections.findIndex((x) => x.section === a.group) - r.sections.findIndex((x) => x.section === b.group),
  );
  ordered.forEach((s, k) => {
    if (s.group !== group) {
      group = s.group;
      out.push(`## ${group}`, '', '| Id | § | By | Obs | Statement | Checked by / why not |', '|---|---|---|---|---|---|');
    }
    const st = s.statement;
    const obs = st.observable.map((o) => SOURCE_SHORT[o]).join(', ') || '—';
    const by = s.rules.length ? s.rules.map((x) => `\`${x}\``).join(', ') : (st.reason ?? '');
    out.push(`| ${st.id} | ${st.section} | ${st.binds} | ${obs} | ${escapeCell(st.text)} | ${escapeCell(by)} |`);
    if (ordered[k + 1]?.group !== group) out.push('');
  });
  return `${out.join('\n').trimEnd()}\n`;
}

function escapeCell(t: string): string {
  return t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
