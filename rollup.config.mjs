// Builds every SDK artefact into sdk/dist/ (see sdk/ARCHITECTURE.md); `npm run build` then runs
// sdk/scripts/checkSize.mjs, which prints min / gzip / brotli sizes and enforces the budgets.
import { resolve as resolvePath } from 'node:path';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

const src = 'sdk/src';
const dist = 'sdk/dist';

/**
 * Strips types file by file (`isolatedModules` holds, `npm run typecheck` checks types):
 * @rollup/plugin-typescript builds a whole program per entry and took ~27 s for seven of them.
 */
const transpile = () => ({
  name: 'transpile-ts',
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        sourceMap: true,
      },
    });
    return { code: out.outputText, map: out.sourceMapText };
  },
});

const plugins = () => [resolve({ extensions: ['.ts'] }), transpile()];

/**
 * Modern target; internals named `_x` are object properties terser may rename. `unsafe` (e.g.
 * `new Error()` → `Error()`) and booleans as 0/1 hold for this code: no `=== true` test, and
 * WebIDL converts 0/1 where the browser takes a boolean. `inline: 1` keeps one-use helpers
 * from being re-wrapped in IIFEs (-9 B brotli on the core).
 */
export const terserOptions = {
  ecma: 2020,
  module: true,
  compress: {
    passes: 3,
    inline: 1,
    unsafe: true,
    unsafe_arrows: true,
    pure_getters: true,
    booleans_as_integers: true,
  },
  mangle: { properties: { regex: /^_/ } },
  format: { comments: false },
};

/**
 * Edits terser has no option for, found in the ESTree tree of its output:
 * - every `const` becomes `let` (two bytes each). Safe for code that type-checks, where no
 *   `const` is ever assigned (TS2588);
 * - `RegExp('…', 'i')` with constant arguments becomes a literal: `SENSITIVE_PARAM_SOURCE` is a
 *   string because the server embeds it in a larger expression.
 */
const edits = (node, found = []) => {
  if (Array.isArray(node)) for (const child of node) edits(child, found);
  else if (node && typeof node.type === 'string') {
    if (node.type === 'VariableDeclaration' && node.kind === 'const') {
      found.push({ start: node.start, end: node.start + 'const'.length, text: 'let' });
    }
    const args = node.arguments ?? [];
    if (
      /^(?:Call|New)Expression$/.test(node.type) &&
      node.callee.type === 'Identifier' &&
      node.callee.name === 'RegExp' &&
      args.length > 0 &&
      args.length <= 2 &&
      args.every((arg) => arg.type === 'Literal' && typeof arg.value === 'string')
    ) {
      const [source, flags = ''] = args.map((arg) => arg.value);
      const text = `/${new RegExp(source, flags).source}/${flags}`;
      found.push({ start: node.start, end: node.end, text });
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'type') edits(child, found);
  }
  return found;
};

/**
 * Applies `edits` to terser's output; a compress-only pass then joins the new neighbouring
 * `let`s. -46 B brotli on the core (issue 3): -40 for the `let`s, -6 for the literal.
 */
const afterTerser = () => ({
  name: 'after-terser',
  renderChunk(code) {
    let out = code;
    for (const { start, end, text } of edits(this.parse(code)).sort((a, b) => b.start - a.start)) {
      out = out.slice(0, start) + text + out.slice(end);
    }
    return out;
  },
});

/**
 * The minification pipeline of every browser build. `bench/sdk-size.bench.ts` passes perturbed
 * options to measure how much of the core's size is the mangler's naming luck.
 */
export const minify = (options = terserOptions) => [
  terser(options),
  afterTerser(),
  terser({
    ecma: 2020,
    module: true,
    compress: { defaults: false, join_vars: true, sequences: true },
    mangle: false,
    format: { comments: false },
  }),
];

/** A script-tag build: one self-contained IIFE. */
const iife = (input, file) => ({
  input: `${src}/${input}`,
  output: { file: `${dist}/${file}`, format: 'iife', plugins: minify() },
  plugins: plugins(),
});

/** The npm entries: the core and each adapter, by output name. */
const entries = {
  index: 'index',
  'consent/google-consent-mode': 'consent/googleConsentMode',
  'consent/tcf': 'consent/tcf',
  'plugins/web-vitals': 'plugins/web-vitals',
};

/** The npm builds: ESM and CJS, the core and each adapter as its own entry. */
const lib = {
  input: Object.fromEntries(
    Object.entries(entries).map(([name, file]) => [name, `${src}/${file}.ts`]),
  ),
  output: [
    {
      dir: dist,
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: '[name]-[hash].mjs',
      plugins: minify(),
    },
    {
      dir: dist,
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: '[name]-[hash].cjs',
      plugins: minify(),
    },
  ],
  plugins: plugins(),
};

/** Where `tsc -p sdk/tsconfig.build.json` emits the declarations (`npm run build` runs it first). */
const staged = 'sdk/dist/.types';

/**
 * One self-contained declaration file per npm entry and module format, so npm users get real
 * types: the private `@clickstream/contract` and the TypeBox types it derives them from are
 * inlined (an import of either would resolve to nothing, and the event types to `any`).
 * `.d.mts` types the ESM build, `.d.cts` the CJS one (a `.d.ts` in a `"type": "module"` package
 * would be read as ESM by CJS consumers). One rollup build per entry: no shared declaration
 * chunks to import across files.
 */
const types = Object.entries(entries).map(([name, file]) => ({
  input: `${staged}/sdk/src/${file}.d.ts`,
  output: [
    { file: `${dist}/${name}.d.mts`, format: 'es' },
    { file: `${dist}/${name}.d.cts`, format: 'es' },
  ],
  plugins: [
    dts({
      compilerOptions: {
        paths: { '@clickstream/contract': [resolvePath(staged, 'contract/src/index.d.ts')] },
      },
      includeExternal: ['@sinclair/typebox'],
    }),
  ],
}));

export default [
  iife('iife.ts', 'clickstream.min.js'),
  iife('snippet.ts', 'snippet.min.js'),
  iife('consent/googleConsentMode.global.ts', 'consent/google-consent-mode.min.js'),
  iife('consent/tcf.global.ts', 'consent/tcf.min.js'),
  iife('plugins/web-vitals.global.ts', 'plugins/clickstream-web-vitals.min.js'),
  lib,
  ...types,
];
