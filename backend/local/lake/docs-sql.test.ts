import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lakeColumns } from '@clickstream/contract';
import { expect, it } from 'vitest';
import { DUCKDB_TYPES } from './duckdb-sql';

it('docs/sql.md lists exactly the contract’s lake columns with their types', async () => {
  const doc = await readFile(join(import.meta.dirname, '../../../docs/sql.md'), 'utf8');
  const documented = [
    ...doc.matchAll(/^\| `(\w+)` +\| (\w+) +\| (\w+) +\| (yes|no|partition) +\|/gm),
  ].map(([, name, glue, duckdb, nullable]) => ({ name, glue, duckdb, nullable }));
  expect(documented).toEqual(
    lakeColumns.map((c) => ({
      name: c.name,
      glue: c.type,
      duckdb: DUCKDB_TYPES[c.type],
      nullable: c.partition ? 'partition' : c.nullable ? 'yes' : 'no',
    })),
  );
});
