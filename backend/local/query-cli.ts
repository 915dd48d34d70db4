/**
 * `npm run query -- <file.sql | "SQL"> [--json]`: runs SQL against the local lake, also while
 * `npm start` is running. `clickstream.events` is the events view; Athena (Trino) functions
 * of the analysts' queries work unchanged. Reads `CLICKSTREAM_DATA_DIR` (default `.data`).
 *
 * Output: an aligned table, or with `--json` one JSON object per row (NDJSON).
 * @see docs/sql.md
 */
import { existsSync, readFileSync } from 'node:fs';
import { queryLake } from './lake/query-lake';

const USAGE = `usage: npm run query -- <file.sql | "SQL"> [--json]

  Runs SQL against the local lake in $CLICKSTREAM_DATA_DIR (default .data).
  The events view is clickstream.events; see docs/sql.md.

  examples:
    npm run query -- backend/analytics/dau.sql
    npm run query -- "SELECT event, count(*) AS n FROM clickstream.events GROUP BY 1" --json`;

const args = process.argv.slice(2);
const json = args.includes('--json');
const positional = args.filter((a) => a !== '--json');
if (positional.length !== 1 || args.includes('--help') || args.includes('-h')) {
  console.error(USAGE);
  process.exit(positional.length === 1 ? 0 : 2);
}
const input = positional[0] as string;
const isFile = /\.sql$/i.test(input) && existsSync(input);
if (/\.sql$/i.test(input) && !isFile) {
  console.error(`query: no such file: ${input}`);
  process.exit(2);
}
const sql = isFile ? readFileSync(input, 'utf8') : input;

try {
  const rows = await queryLake(process.env.CLICKSTREAM_DATA_DIR || '.data', sql);
  process.stdout.write(json ? rows.map((r) => `${JSON.stringify(r)}\n`).join('') : table(rows));
} catch (err) {
  console.error(`query: ${(err as Error).message}`);
  process.exit(1);
}

function table(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '(0 rows)\n';
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) =>
    v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  return [
    line(columns),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...cells.map(line),
    `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
    '',
  ].join('\n');
}
