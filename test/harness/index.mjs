/**
 * The one test harness, shared by the tests (TypeScript), bench/ and scripts/ (plain Node):
 * a private temp environment, the daemon as a child process, and real interactive shells.
 * Plain ESM with JSDoc types, so node runs it directly and tsc checks it (allowJs/checkJs).
 */
export { BIN, makeTempEnv, REPO, removeTempEnv, UTF8_LOCALE, writeText } from './env.mjs';
export { daemonPids, isAlive, killDaemons, pidFileHolds, sleep, spawnDaemon, waitUntil } from './daemon.mjs';
export { closeAllShells, noRc, Shell, SHELL_KINDS, shq, stripSgr, writeRc } from './shell.mjs';
export { parseStyledLines } from './sgr.mjs';
export { kubectlOracle, pinnedTool } from './tools.mjs';
export { sizedKubeconfig } from './kubeconfigs.mjs';
