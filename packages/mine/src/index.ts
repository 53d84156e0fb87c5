export { type Candidate, type CandidateKind, type Support, symText } from './candidates.ts';
export { type Comparison, compareTraces } from './compare.ts';
export { type Divergence, divergences, divergencesFor, END } from './divergence.ts';
export {
  DEFAULT_MAX,
  DEFAULT_MIN_SUPPORT,
  type GoodTrace,
  type MineOptions,
  type MineResult,
  mineSteps,
  mineTraces,
} from './mine.ts';
export { printMined, supportLine } from './print-mined.ts';
export { type Survey, surveyTraces } from './survey.ts';
