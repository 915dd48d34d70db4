/**
 * How every browser test and benchmark launches Chromium: Debian's build (Playwright cannot
 * download its own here, docs/testing.md), without the background traffic that a closed
 * network refuses at every start.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
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
};
