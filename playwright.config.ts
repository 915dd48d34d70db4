import { defineConfig } from '@playwright/test';

/**
 * Browser tests run in Debian's Chromium (Playwright cannot download browsers here), headless.
 * One project per suite: `sdk` now; the demo-site suite adds its own entry.
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
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'sdk', testDir: 'sdk/e2e' }],
});
