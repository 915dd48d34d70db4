import { join } from 'node:path';
import type { PlaywrightTestConfig, Project } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium';
import { e2eRuntime } from './e2eRuntime';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * `npm start`'s entry point on a free port with a fresh data folder: the real ingest, stream
 * emulator and lake. The SDK must be built first (`npm test` does).
 */
export const e2eWebServer: Extract<PlaywrightTestConfig['webServer'], { command: string }> = {
  command: 'node --import tsx backend/local/start.ts',
  cwd: ROOT,
  url: `${e2eRuntime.url}/healthz`,
  env: { PORT: String(e2eRuntime.port), CLICKSTREAM_DATA_DIR: e2eRuntime.dataDir },
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore',
  stderr: 'pipe',
  // Ctrl-C lets the runtime finish writing; the data folder is a temp folder anyway.
  gracefulShutdown: { signal: 'SIGINT', timeout: 15_000 },
};

const use: Project['use'] = {
  baseURL: e2eRuntime.url,
  browserName: 'chromium',
  launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  trace: 'retain-on-failure',
};

/**
 * The demo shop suite (issue 5), `e2e/*.spec.ts` against `e2eWebServer`, in two projects: the
 * chaos test runs after the others (`dependencies`), alone, so that the raw duplicate rate it
 * reads from the server's global counter is its own.
 */
export const e2eProjects: Project[] = [
  {
    name: 'e2e',
    testDir: join(ROOT, 'e2e'),
    testMatch: '*.spec.ts',
    testIgnore: 'chaos.spec.ts',
    timeout: 90_000,
    expect: { timeout: 20_000 },
    use,
  },
  {
    name: 'e2e-chaos',
    testDir: join(ROOT, 'e2e'),
    testMatch: 'chaos.spec.ts',
    dependencies: ['e2e'],
    timeout: 10 * 60_000,
    use,
  },
];
