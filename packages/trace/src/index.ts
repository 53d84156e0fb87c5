export { type BufferRequester, type BufferSupply, helperRequester, PrefaultedBuffers, takeOrAllocate } from './buffer-supply.ts';
export { type ChunkReader, type ChunkSource, chunkReaderOf } from './chunk-reader.ts';
export { type ClockFit, ClockFitError, type ClockPair, fitClock, MIN_CLOCK_PAIRS, toHostNs } from './clock-fit.ts';
export { type DeviceContext, deviceContextAt, keyLabel, shortPointer, vdevLabel, vqLabel } from './device-label.ts';
export { detectFormat, FORMATS, formatById, type LineParser, type LogFormat } from './formats/index.ts';
export {
  IngestAborted,
  IngestError,
  type IngestOptions,
  type IngestProgress,
  type IngestResult,
  IngestSession,
  type IngestWarning,
  ingestStream,
  ingestText,
  yieldToEventLoop,
} from './ingest.ts';
export { StringTable } from './intern.ts';
export {
  type ClockReport,
  clockReport,
  MAX_CROSS_ORDER_RESIDUAL_NS,
  MergeError,
  type MergeResult,
  type MergeSource,
  mergeHostGuest,
} from './merge.ts';
export {
  BUILTIN_PROFILES,
  compilePattern,
  hasNestedQuantifier,
  type Location,
  type Profile,
  ProfileMatcher,
  type ProfilePattern,
  requiredLiteral,
} from './profiles.ts';
export { joinQemuFields, qemuJoinEvidence } from './qemu-joins.ts';
export { readRawLines } from './raw-lines.ts';
export { type LineOutcome, LineRecord } from './record.ts';
export {
  ArrayColumn,
  columnValues,
  DenseFieldColumn,
  type EventColumn,
  eventFields,
  type FieldColumn,
  residentBytes,
  type Trace,
  TraceBuilder,
  withLineNumbers,
} from './trace.ts';
