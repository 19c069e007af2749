/** Public surface of the render folder: sanitizing names and per-shell prompt segments. */
export { sanitizeName, MAX_NAME_LENGTH } from './sanitize.js';
export {
  renderSegments,
  DEFAULT_SYMBOL,
  LEVEL_SGR,
  type SegmentInput,
  type Segments,
  type DisplayLevel,
} from './segment.js';
export { quoteWord, fillHook, fillStarship, SHELLS, type ShellName } from './quote.js';
