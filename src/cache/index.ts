/** Public surface of the cache folder: layout, keys, entry format, atomic writes, registrations. */
export { ensurePrivateDir, CacheDirError } from './dir.js';
export {
  entryKey,
  keyForEnv,
  decodeEntryKey,
  entryFileName,
  isEntryFileName,
  encodeKeyPart,
  SHORT_KEY_LENGTH,
  type DecodedKey,
  type KeyParts,
} from './key.js';
export {
  serializeEntry,
  parseEntry,
  ENTRY_MAGIC,
  ENTRY_VERSION,
  PATH_SEPARATOR,
  type Entry,
  type EntryDetails,
} from './entry.js';
export { writeEntryAtomically } from './write.js';
export { readRegistration, writeRegistration, registrationPath, REGISTER_MAGIC } from './register.js';
export { readEntry, type ReadEntry, type EntryState } from './read.js';
export { cacheWriteProblem, describeWriteFailure, type CacheWriteProblem } from './writable.js';
export {
  HEARTBEAT,
  heartbeatAgeS,
  heartbeatPath,
  beatIsLive,
  readHeartbeat,
  readHeartbeatAgeS,
  writeHeartbeat,
} from './heartbeat.js';
export { PANE_MAGIC, parsePaneFileName, removeStalePanes, type PaneFile } from './pane.js';
