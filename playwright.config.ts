import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './e2e/support/chromium';
import { e2eProjects, e2eWebServer } from './e2e/support/e2eProject';

/**
 * Browser tests run in Debian's Chromium (Playwright cannot download browsers here), headless.
 * One project per suite: `sdk` (the SDK against a tiny collector), `e2e` and `e2e-chaos` (the
 * demo shop against the real local pipeline).
 */
export default defineConfig({
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  // The machine has two cores shared with other work: keep browsers few.
  workers: 2,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    headless: true,
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  // The demo shop suite runs against the real local runtime (`npm start`'s entry point).
  webServer: e2eWebServer,
  projects: [{ name: 'sdk', testDir: 'sdk/e2e' }, ...e2eProjects],
});
