import { defineConfig } from 'vitest/config';

// Explicit projects: vitest would otherwise also pick up Playwright's e2e/*.spec.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'contract',
          environment: 'node',
          include: ['contract/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'backend',
          environment: 'node',
          include: ['backend/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'backend/cdk/cdk.out/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'sdk',
          environment: 'happy-dom',
          include: ['sdk/src/**/*.test.ts'],
        },
      },
    ],
  },
});
