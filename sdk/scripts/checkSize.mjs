// Prints min / gzip / brotli bytes of every file in sdk/dist and fails when a budget is broken
// (issue 3): core IIFE ≤ 3,072 bytes brotli (target 2,500), snippet ≤ 600 bytes minified, and
// no TypeBox in any browser build; docs/install.md shows the snippet exactly as built. Run by `npm run build`; `bench/sdk-track.bench.ts` imports
// `sizeTable` to print the same table next to the timing figures.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;

export const BUDGETS = {
  'clickstream.min.js': { brotliMax: 3072, brotliTarget: 2500 },
  'snippet.min.js': { minMax: 600 },
};

/** Brotli bytes at the highest quality, as the budgets count them. */
export const brotliSize = (code) =>
  brotliCompressSync(code, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: code.length,
    },
  }).length;

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : /\.(m?js|cjs)$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );

/** @returns one row per artefact: file, min, gzip, brotli bytes and budget problems */
export function sizeTable() {
  return files(dist)
    .sort()
    .map((path) => {
      const code = readFileSync(path);
      const file = relative(dist, path);
      const row = {
        file,
        min: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
        brotli: brotliSize(code),
        problems: [],
      };
      const budget = BUDGETS[file] ?? {};
      if (budget.brotliMax && row.brotli > budget.brotliMax) {
        row.problems.push(`brotli ${row.brotli} > ${budget.brotliMax}`);
      }
      if (budget.minMax && row.min > budget.minMax)
        row.problems.push(`min ${row.min} > ${budget.minMax}`);
      if (/typebox/i.test(code.toString())) row.problems.push('contains TypeBox');
      if (budget.brotliTarget) {
        row.note =
          row.brotli <= budget.brotliTarget
            ? 'within target'
            : `over the ${budget.brotliTarget} target`;
      }
      return row;
    });
}

/** @param rows - from `sizeTable()` */
export function printTable(rows) {
  const pad = (v, n) => String(v).padStart(n);
  console.log(`${'artefact'.padEnd(36)}${pad('min', 8)}${pad('gzip', 8)}${pad('brotli', 8)}`);
  for (const r of rows) {
    const flags = [...r.problems, r.note].filter(Boolean).join('; ');
    console.log(
      `${r.file.padEnd(36)}${pad(r.min, 8)}${pad(r.gzip, 8)}${pad(r.brotli, 8)}  ${flags}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = sizeTable();
  printTable(rows);
  const failed = rows.filter((r) => r.problems.length);
  if (!rows.some((r) => r.file === 'clickstream.min.js')) {
    console.error('sdk/dist/clickstream.min.js is missing');
    process.exit(1);
  }
  const docs = readFileSync(new URL('../../docs/install.md', import.meta.url), 'utf8');
  if (!docs.includes(readFileSync(join(dist, 'snippet.min.js'), 'utf8').trim())) {
    failed.push({
      file: 'docs/install.md',
      problems: ['does not show the built snippet.min.js; paste it in'],
    });
  }
  if (failed.length) {
    console.error(
      `size budget broken: ${failed.map((r) => `${r.file} (${r.problems.join(', ')})`).join('; ')}`,
    );
    process.exit(1);
  }
}
