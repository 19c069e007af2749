/** Public surface of shell-tables: the tables the shell side needs, and the templates rendered with them. */
export { shellTables, tmuxStyle, type TableValue, type TemplateShell } from './tables.js';
export { GUARD_ASK_LEVELS } from './guard-tables.js';
export {
  fillTemplate,
  renderCheckedHook,
  renderCommandLine,
  renderHook,
  renderHookBody,
  renderInit,
  renderScript,
  SCRIPTS,
  TEMPLATE_DIR,
} from './render.js';
export { writeRenderedShell } from './write.js';
export { isTooOld, SHELL_MINIMUM, tooOldLine } from './minimum.js';
