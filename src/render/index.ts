/** Public surface of the render folder: sanitizing names and the prompt segment's parts. */
export { sanitizeName, MAX_NAME_LENGTH } from './sanitize.js';
export {
  segmentParts,
  fitName,
  plainSegment,
  DEFAULT_SYMBOL,
  LEVEL_SGR,
  MARKER_SGR,
  NOTE_SGR,
  SGR_TOKEN,
  type SegmentInput,
  type SegmentParts,
  type DisplayLevel,
} from './segment.js';
export { quoteWord, fillHook, fillStarship, SHELLS, type ShellName } from './quote.js';
