import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoPath } from './repo-path';

/** One analysts' query from `backend/analytics/*.sql`. */
export interface AnalyticsQuery {
  /** File name without `.sql`, e.g. `dau`. */
  readonly name: string;
  /** The leading `--` comment lines, joined; empty when the file has none. */
  readonly description: string;
  readonly sql: string;
}

/** The folder the analysts' SQL lives in; the same files run locally on DuckDB. */
export const ANALYTICS_DIR = repoPath('backend', 'analytics');

/**
 * Reads every `*.sql` file of the analytics folder at synth time, so a new file becomes an
 * Athena named query (and can back a QuickSight data set) without touching the CDK code.
 *
 * @param dir - the folder
 * @returns the queries, sorted by name
 * @example loadAnalyticsQueries().map((q) => q.name) // ['dau', 'retention']
 */
export function loadAnalyticsQueries(dir: string = ANALYTICS_DIR): AnalyticsQuery[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return files.sort().map((file) => {
    const sql = readFileSync(join(dir, file), 'utf8');
    const description = sql
      .split('\n')
      .filter((line) => line.startsWith('--'))
      .map((line) => line.replace(/^--\s?/, '').trim())
      .join(' ')
      .slice(0, 1024);
    return { name: basename(file, '.sql'), description, sql };
  });
}
