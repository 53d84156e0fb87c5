export type * from './ast.ts';
export {
  type CheckOptions,
  type CheckResult,
  checkTrace,
  IncrementalChecker,
  MAX_LISTED_PER_RULE,
  namedValuesOf,
  type RuleStats,
  type SatisfiedEdge,
  satisfiedEdges,
} from './checker.ts';
export { clocksOfRule } from './clocks.ts';
export { builtinPacks, builtinValueNames, PACK_SOURCES } from './packs/index.ts';
export { parseRules, RuleFileError } from './parse-rules.ts';
export { printRule, printRules } from './print-rules.ts';
export {
  type Analysis,
  absentNames,
  analyzeTrace,
  type FileReport,
  fileReport,
  profilesOf,
  type ReportViolation,
  toReportViolation,
} from './report.ts';
export { packsForTrace, type RuleSelection, ruleNames, selectRules, UnknownPackError } from './select-rules.ts';
export { compileSelector, parseSelector, printSelector, selectorNames } from './selector.ts';
export {
  allStatements,
  type CoverageReport,
  coverageJson,
  coverageMarkdown,
  coverageText,
  type SectionCoverage,
  specCoverage,
} from './spec/coverage.ts';
export type { Binds, Statement, TraceSource } from './spec/statement.ts';
export { NO_VALUE_NAMES, printValueNames, ValueDecoder } from './value-names.ts';
export { describeKey, fnv1a, formatDuration, type Violation } from './violation.ts';
