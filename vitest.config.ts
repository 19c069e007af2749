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
  'test/pipeline/**/*.test.ts',
  'test/guard/argv.test.ts',
  'test/guard/decide.test.ts',
  'test/kubeconfig/contexts.test.ts',
  'test/cli/doctor-checks.test.ts',
  'test/daemon/log.test.ts',
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
