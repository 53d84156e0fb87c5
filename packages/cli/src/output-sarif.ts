/** SARIF 2.1.0, for code-scanning dashboards: one result per violation with its physical location. */
import type { FileReport, Rule } from '@vqscope/rules';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifReport(reports: readonly FileReport[], rules: readonly Rule[], version: string): object {
  const ruleIndex = new Map<string, number>();
  const driverRules: object[] = [];
  for (const r of rules) {
    if (ruleIndex.has(r.id)) continue;
    ruleIndex.set(r.id, driverRules.length);
    driverRules.push({
      id: r.id,
      name: r.id,
      shortDescription: { text: r.title },
      fullDescription: { text: r.reading || r.title },
      help: { text: [r.cite, r.quote].filter(Boolean).join(': ') || r.title },
      defaultConfiguration: { level: r.severity },
      properties: { citation: r.cite },
    });
  }
  const results = reports.flatMap((rep) =>
    rep.violations.map((v) => {
      const location = (line: number, file = rep.file) => ({
        physicalLocation: { artifactLocation: { uri: toUri(file) }, region: { startLine: line } },
      });
      const result: Record<string, unknown> = {
        ruleId: v.rule,
        level: v.severity,
        message: { text: v.message },
        locations: [location(v.line, v.file)],
        partialFingerprints: { vqscopeViolationId: v.id },
      };
      const idx = ruleIndex.get(v.rule);
      if (idx !== undefined) result.ruleIndex = idx;
      if (v.expectedLine !== null)
        result.relatedLocations = [
          { id: 1, ...location(v.expectedLine, v.expectedFile), message: { text: `expected event (${v.expected.join(', ')})` } },
        ];
      if (v.link) result.properties = { link: v.link };
      return result;
    }),
  );
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'vqscope', version, informationUri: 'https://github.com/vqscope/vqscope', rules: driverRules } },
        results,
      },
    ],
  };
}

function toUri(path: string): string {
  return path
    .split('/')
    .map((p) => encodeURIComponent(p))
    .join('/');
}
