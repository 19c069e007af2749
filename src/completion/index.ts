/** The public surface of shell completion: the table built from oclif's commands and the per-shell scripts that read it. */
export { completionTable, summaryOf, type CommandInfo, type FlagInfo, type TopicInfo } from './table.js';
export { completionScript, COMPLETION_SHELLS, type CompletionShell } from './scripts.js';
