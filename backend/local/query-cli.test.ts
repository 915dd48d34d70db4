import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLakeRow } from '../core/stream/fixtures/make-lake-row';
import { openLakeWriter } from './lake/lake-writer';

const run = promisify(execFile);
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-cli-'));
  const writer = await openLakeWriter({ dataDir });
  await writer.write([
    makeLakeRow({ user_id: 'u1', created_at: '2026-11-24T10:00:00.000Z' }),
    makeLakeRow({ user_id: 'u2', created_at: '2026-11-25T10:00:00.000Z' }),
    makeLakeRow({ user_id: 'u1', created_at: '2026-11-25T11:00:00.000Z' }),
  ]);
  writer.close();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const query = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'query-cli.ts'), ...args], {
    env: { ...process.env, CLICKSTREAM_DATA_DIR: dataDir },
  });

describe('npm run query', () => {
  it('runs a .sql file and prints one JSON object per row with --json, while a writer has the lake open', async () => {
    const writer = await openLakeWriter({ dataDir });
    try {
      const { stdout } = await query(join(import.meta.dirname, '../analytics/dau.sql'), '--json');
      expect(stdout).toBe('{"day":"2026-11-25","dau":2}\n{"day":"2026-11-24","dau":1}\n');
    } finally {
      writer.close();
    }
  });

  it('runs SQL given inline and prints an aligned table', async () => {
    const { stdout } = await query(
      'SELECT user_id, count(*) AS n FROM clickstream.events GROUP BY 1 ORDER BY 1',
    );
    expect(stdout).toBe('user_id | n\n--------+--\nu1      | 2\nu2      | 1\n(2 rows)\n');
  });

  it('exits 1 with DuckDB’s message when the SQL is wrong', async () => {
    const failure = await query('SELECT nope FROM clickstream.events').catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^query: Binder Error: .*nope/);
  });

  it('exits 2 with the usage when a .sql file does not exist', async () => {
    const failure = await query('missing.sql').catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toBe('query: no such file: missing.sql\n');
  });
});
