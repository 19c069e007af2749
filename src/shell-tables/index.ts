/** Public surface of shell-tables: the tables the shell side needs, and the templates rendered with them. */
export {
  levelVariables,
  shellTables,
  tmuxStyle,
  type LevelVariable,
  type TableValue,
  type TemplateShell,
} from './tables.js';
export {
  fillTemplate,
  renderCheckedHook,
  renderCommandLine,
  renderHook,
  renderHookBody,
  renderInit,
  renderScript,
  renderShim,
  SCRIPTS,
  SHIM_TOOLS,
  type ShimTool,
  TEMPLATE_DIR,
} from './render.js';
export { writeRenderedShell, writeStarshipModules } from './write.js';
export {
  HELM_TARGET_ENV,
  HELM_VALUE_MAX,
  SHOW_ON_COMMAND,
  TERMINAL_DANGER_BG,
  type HelmTargetVariable,
} from './prompt-tables.js';
export { isTooOld, SHELL_MINIMUM, tooOldLine } from './minimum.js';
export {
  renderStarship,
  starshipFormatPrefix,
  starshipLevelModules,
  starshipStyle,
  STARSHIP_BEGIN,
  STARSHIP_END,
} from './starship.js';
