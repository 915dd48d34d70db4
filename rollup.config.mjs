// Builds every SDK artefact into sdk/dist/ (see sdk/ARCHITECTURE.md); `npm run build` then runs
// sdk/scripts/checkSize.mjs, which prints min / gzip / brotli sizes and enforces the budgets.
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
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

/** Modern target; internals named `_x` are object properties terser may rename. */
const minify = () =>
  terser({
    ecma: 2020,
    module: true,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    mangle: { properties: { regex: /^_/ } },
    format: { comments: false },
  });

/** A script-tag build: one self-contained IIFE. */
const iife = (input, file) => ({
  input: `${src}/${input}`,
  output: { file: `${dist}/${file}`, format: 'iife', plugins: [minify()] },
  plugins: plugins(),
});

/** The npm builds: ESM and CJS, the core and each adapter as its own entry. */
const lib = {
  input: {
    index: `${src}/index.ts`,
    'consent/google-consent-mode': `${src}/consent/googleConsentMode.ts`,
    'consent/tcf': `${src}/consent/tcf.ts`,
    'plugins/web-vitals': `${src}/plugins/web-vitals.ts`,
  },
  output: [
    {
      dir: dist,
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: '[name]-[hash].mjs',
      plugins: [minify()],
    },
    {
      dir: dist,
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: '[name]-[hash].cjs',
      plugins: [minify()],
    },
  ],
  plugins: plugins(),
};

export default [
  iife('iife.ts', 'clickstream.min.js'),
  iife('snippet.ts', 'snippet.min.js'),
  iife('consent/googleConsentMode.global.ts', 'consent/google-consent-mode.min.js'),
  iife('consent/tcf.global.ts', 'consent/tcf.min.js'),
  iife('plugins/web-vitals.global.ts', 'plugins/clickstream-web-vitals.min.js'),
  lib,
];
