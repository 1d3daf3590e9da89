import { defaultServerConditions } from 'vite';
import type { UserWorkspaceConfig } from 'vitest/config';

/** Every package's tests read the workspace packages from `src` through this condition. */
const conditions = ['@spotrec/source', ...defaultServerConditions];

export function sharedProjectConfig(name: string): UserWorkspaceConfig {
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
    },
  };
}
