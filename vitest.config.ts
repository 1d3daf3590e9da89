import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'tools/test-utils/vitest.config.ts',
      'tools/numeric-internal/vitest.config.ts',
      'tools/browser-test/vitest.config.ts',
    ],
    reporters: ['default', './tools/test-utils/summary-reporter.ts'],
  },
});
