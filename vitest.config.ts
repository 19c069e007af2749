import { defineConfig } from 'vitest/config';

/**
 * Two projects, both run by `npm test`: `unit` holds the pure tables (no process, no shell,
 * seconds: `npm run test:unit` for the inner loop); `e2e` starts the real daemon, CLI, shells,
 * tmux and kubectl.
 */
const UNIT = [
  'test/cache/**/*.test.ts',
  'test/render/**/*.test.ts',
  'test/rules/**/*.test.ts',
  'test/identity/**/*.test.ts',
  'test/declared/record.test.ts',
  'test/declared/configmap.test.ts',
  'test/declared/source.test.ts',
  'test/pipeline/**/*.test.ts',
  'test/guard/argv.test.ts',
  'test/guard/decide.test.ts',
  'test/guard/read-only.test.ts',
  'test/kubeconfig/contexts.test.ts',
  'test/cli/doctor-checks.test.ts',
  'test/daemon/log.test.ts',
];

/** Run a second time with the code path of a system without /proc (the `macos-path` project). */
const MACOS_PATH = [
  'test/shell/no-fork.test.ts',
  'test/shell/never-stale.test.ts',
  'test/shell/daemon-down.test.ts',
  'test/shell/heartbeat.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Daemon and shell tests start real processes; two cores cannot take more in parallel.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        // The prompt's guarantees again, on the code path of a system without /proc (macOS), forced here.
        extends: true,
        test: {
          name: 'macos-path',
          include: MACOS_PATH,
          env: { KCTX_GUARD_TEST_PLATFORM: 'darwin' },
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
          // Finds the kubectl oracle once (and says which), before any worker starts.
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
