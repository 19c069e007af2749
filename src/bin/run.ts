/**
 * Entry point. Internal commands (`__daemon`, the background daemon; `__refresh`, the prompt's
 * synchronous fallback) start here without loading oclif, and import only what they use,
 * which keeps the daemon small and the fallback fast. So does `status` spelled with its plain flags,
 * which must answer in about twice the time node takes to start: oclif alone costs more than that
 * (its own import, config and command loading). Every other user-facing command, and `status` with
 * --help or a flag oclif would have to judge, goes through oclif.
 */
import { plainStatusFlags, type StatusFlags } from '../cli/status-flags.js';

async function runBackgroundDaemon(): Promise<void> {
  const { runDaemon } = await import('../daemon/run.js');
  const { AlreadyRunningError } = await import('../daemon/control.js');
  try {
    const daemon = await runDaemon({ env: process.env, cwd: process.cwd() });
    await daemon.stopped;
    process.exit(0);
  } catch (error) {
    process.stderr.write(`kctx-guard daemon: ${(error as Error).message}\n`);
    process.exit(error instanceof AlreadyRunningError ? 0 : 1);
  }
}

/** Prompt fallback: must stay quiet on success, since it runs while a prompt waits. */
async function runRefresh(name: string | undefined, key: string | undefined): Promise<void> {
  try {
    if (name === undefined || key === undefined) throw new Error('usage: kctx-guard __refresh <entry name> <key>');
    const { refreshEntry } = await import('../cli/refresh.js');
    refreshEntry(process.env, process.cwd(), name, key);
  } catch (error) {
    process.stderr.write(`kctx-guard: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

/**
 * The shells' kubectl/helm wrappers and the PATH shim ask here before every command that is not read-only
 * (`__guard <kubectl|helm> -- <argv…>`). Exit 0 runs it, 1 does not; anything else makes the
 * wrapper refuse too, so a broken guard fails closed.
 */
async function runGuardCommand(args: string[]): Promise<void> {
  const [tool, separator, ...argv] = args;
  if ((tool !== 'kubectl' && tool !== 'helm') || separator !== '--') {
    process.stderr.write('usage: kctx-guard __guard <kubectl|helm> -- <arguments>\n');
    process.exitCode = 2;
    return;
  }
  const { runGuard } = await import('../guard/run.js');
  process.exitCode = await runGuard(tool, argv, process.env, process.cwd(), (text) => process.stderr.write(text));
}

/** `status` without oclif; the exit status, messages and output are what the oclif command gives. */
async function runStatusDirectly(flags: StatusFlags): Promise<void> {
  let code: number;
  try {
    const { runStatus } = await import('../cli/status-command.js');
    code = await runStatus(flags, process.env, process.cwd());
  } catch (error) {
    // oclif's own error printer, loaded only now, prints what it would have printed for the command.
    const { handle } = await import('@oclif/core/handle');
    return handle(error as Error);
  }
  // As oclif's `this.exit`: leave at once, even if a --probe request is still open.
  if (code !== 0) process.exit(code);
}

export async function main(argv: string[], binUrl: string): Promise<void> {
  if (argv[0] === '__guard') return runGuardCommand(argv.slice(1));
  if (argv[0] === '__daemon') return runBackgroundDaemon();
  if (argv[0] === '__refresh') return runRefresh(argv[1], argv[2]);
  if (argv[0] === '__complete') {
    const { completionValues } = await import('../completion/values.js');
    process.stdout.write(completionValues(argv[1], process.env, process.cwd()));
    return;
  }
  // DEBUG asks oclif for its debug log, so such a run goes through oclif.
  if (argv[0] === 'status' && process.env['DEBUG'] === undefined) {
    const flags = plainStatusFlags(argv.slice(1));
    if (flags) return runStatusDirectly(flags);
  }
  const { execute } = await import('@oclif/core/execute');
  await execute({ args: argv, dir: binUrl });
}
