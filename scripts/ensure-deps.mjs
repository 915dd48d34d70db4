#!/usr/bin/env node
// Installs what `npm start` and `npm test` need on a fresh clone with only Node 20 and npm:
// npm dependencies (when node_modules is missing or older than package-lock.json) and, with
// --browser, Debian's Chromium for the browser tests (Playwright cannot download its own here).
// Plain JavaScript on purpose: it runs before TypeScript tooling is installed.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const lock = `${root}package-lock.json`;
const marker = `${root}node_modules/.package-lock.json`;

function run(cmd) {
  console.log(`[ensure-deps] ${cmd}`);
  execSync(cmd, { cwd: root, stdio: 'inherit' });
}

if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  run('npm ci --no-audit --no-fund');
}

export const CHROMIUM = '/usr/bin/chromium';
if (process.argv.includes('--browser') && !existsSync(CHROMIUM)) {
  if (process.getuid?.() !== 0) {
    console.error(
      `Chromium is missing: run 'sudo apt-get update && sudo apt-get install -y chromium' and retry.`,
    );
    process.exit(1);
  }
  run('apt-get update -qq');
  run('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
}
