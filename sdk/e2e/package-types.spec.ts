import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import ts from 'typescript';

/*
 * The package as npm users get it: `npm pack` of the built sdk/, installed from the tarball
 * (offline: the core has no runtime dependencies) into a project of its own, then typechecked
 * and loaded there. The SDK's event types come from the private `@clickstream/contract`, which
 * npm users cannot install: if a declaration file still imported it, its types would be `any`
 * and the `@ts-expect-error` lines below would be unused, which is an error.
 */

const sdk = fileURLToPath(new URL('..', import.meta.url));

/** An ESM consumer: the npm entries, `init` options, and the event type the hooks receive. */
const esmConsumer = `
import { consent, identify, init, on, track, type Hooks, type Options } from '@clickstream/sdk';
import { googleConsentMode } from '@clickstream/sdk/consent/google-consent-mode';
import { tcf } from '@clickstream/sdk/consent/tcf';
import { webVitals } from '@clickstream/sdk/plugins/web-vitals';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Event = Parameters<Hooks['queued']>[0];
export const eventIsTyped: IsAny<Event> = false;

const options: Options = { endpoint: 'https://collect.example.com', writeKey: 'k', flushAt: 10 };
init({ ...options, consent: 'pending', autoPage: true });
track('Order Completed', { total: 42.5 });
identify('user-42', { plan: 'pro' });
googleConsentMode(consent);
tcf(consent, { vendorId: 1234 });
webVitals({ track });

on('sent', (events) => {
  for (const event of events) {
    const id: string | undefined = event.messageId;
    const name: string = event.type === 'track' ? event.event : event.type;
    // @ts-expect-error a messageId is a string
    const wrong: number | undefined = event.messageId;
    console.log(id, name, wrong, event.context?.page?.url);
  }
});
// @ts-expect-error the contract has no 'screen' event
on('queued', (event) => event.type === 'screen');
// @ts-expect-error flushAt is a number
init({ endpoint: 'https://collect.example.com', writeKey: 'k', flushAt: '10' });
// @ts-expect-error consent categories are booleans
consent.set({ analytics: 'yes' });
`;

/** A CommonJS consumer: `require` resolves the `.cjs` build and its `.d.cts` types. */
const cjsConsumer = `
import sdk = require('@clickstream/sdk');
sdk.track('Signed Up');
sdk.on('queued', (event) => event.messageId?.toUpperCase());
// @ts-expect-error only track events have an event name
sdk.on('queued', (event) => event.event);
// @ts-expect-error writeKey is required
sdk.init({ endpoint: 'https://collect.example.com' });
export = sdk.version;
`;

/** Typechecks the consumers, the package's declarations included (`skipLibCheck: false`). */
const typecheck = (root: string, options: ts.CompilerOptions): string => {
  const program = ts.createProgram([join(root, 'consumer.mts'), join(root, 'consumer.cts')], {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    // TypeScript's own lib files need no check; this saves seconds.
    skipDefaultLibCheck: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    ...options,
  });
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
};

test.describe('the npm package', () => {
  let root = '';

  test.beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'clickstream-consumer-'));
    execFileSync('npm', ['pack', '--pack-destination', root, '--silent'], { cwd: sdk });
    const tarball = readdirSync(root).find((name) => name.endsWith('.tgz')) as string;
    writeFileSync(join(root, 'package.json'), '{ "name": "consumer", "private": true }\n');
    execFileSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`],
      { cwd: root, stdio: 'pipe' },
    );
    writeFileSync(join(root, 'consumer.mts'), esmConsumer);
    writeFileSync(join(root, 'consumer.cts'), cjsConsumer);
  });

  test.afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('ships self-contained declarations and no build staging', () => {
    const files = readdirSync(join(root, 'node_modules/@clickstream/sdk/dist'), {
      recursive: true,
    }).map(String);
    expect(files.filter((f) => f.endsWith('.d.mts')).sort()).toEqual([
      'consent/google-consent-mode.d.mts',
      'consent/tcf.d.mts',
      'index.d.mts',
      'plugins/web-vitals.d.mts',
    ]);
    expect(files.filter((f) => f.startsWith('.types') || f.startsWith('types'))).toEqual([]);
  });

  test('typechecks for ESM and CommonJS consumers under node16 resolution', () => {
    const errors = typecheck(root, {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
    });
    expect(errors).toBe('');
  });

  test('typechecks for a bundler consumer', () => {
    const errors = typecheck(root, {
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    });
    expect(errors).toBe('');
  });

  test('loads through the exports map from ESM and CommonJS', () => {
    const load = (script: string) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
      });
    const esm = load(`
      const sdk = await import('@clickstream/sdk');
      const { tcf } = await import('@clickstream/sdk/consent/tcf');
      console.log(typeof sdk.init, typeof sdk.track, typeof tcf);`);
    const cjs = load(`
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const sdk = require('@clickstream/sdk');
      const { tcf } = require('@clickstream/sdk/consent/tcf');
      console.log(typeof sdk.init, typeof sdk.track, typeof tcf);`);
    expect(esm.trim()).toBe('function function function');
    expect(cjs.trim()).toBe('function function function');
  });
});
