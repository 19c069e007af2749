/**
 * Runs once before the e2e workers: finds the kubectl oracle (fetching the pinned one if the
 * machine has none), prints which one the run compares with, and hands its path to the workers.
 */
import { kubectlOracle } from './harness/tools.mjs';

export default function setup(): void {
  const oracle = kubectlOracle();
  process.env['KCTX_TEST_KUBECTL'] = oracle.path;
  console.log(`kubectl oracle: ${oracle.path} (${oracle.version}; from ${oracle.source})`);
}
