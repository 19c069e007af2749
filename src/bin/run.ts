/**
 * Entry point. The background daemon (`__daemon`) starts here without loading oclif, which keeps
 * its memory small; every user-facing command goes through oclif.
 */
import { AlreadyRunningError } from '../daemon/control.js';
import { runDaemon } from '../daemon/run.js';

async function runBackgroundDaemon(): Promise<void> {
  try {
    const daemon = await runDaemon({ env: process.env, cwd: process.cwd() });
    await daemon.stopped;
    process.exit(0);
  } catch (error) {
    process.stderr.write(`kctx-guard daemon: ${(error as Error).message}\n`);
    process.exit(error instanceof AlreadyRunningError ? 0 : 1);
  }
}

export async function main(argv: string[], binUrl: string): Promise<void> {
  if (argv[0] === '__daemon') return runBackgroundDaemon();
  const { execute } = await import('@oclif/core');
  await execute({ args: argv, dir: binUrl });
}
