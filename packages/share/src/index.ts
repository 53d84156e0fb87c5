export { type ChromeExportOptions, chromeTraceJson } from './chrome-export.ts';
export { decodePermalink, encodePermalink, fromBase64Url, isPermalinkFragment, MAX_INFLATED, permalinkUrl, toBase64Url } from './codec.ts';
export { type DiagramEvent, type DiagramInput, MAX_COLUMNS, renderDiagram, toAscii } from './diagram.ts';
export { type ExcerptOptions, excerptEvents } from './excerpt.ts';
export { type Lesson, LessonError, parseLesson } from './lesson.ts';
export { buildPermalinkPayload, checkPermalink, diagramFor, type LinkContext } from './link.ts';
export { deltaEncode, excerptLines, PAYLOAD_VERSION, PermalinkError, type PermalinkPayload, validatePayload } from './payload.ts';
