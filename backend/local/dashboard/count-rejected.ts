import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Rejected events by failure type (`schema_violation`, `consent_denied`, ...). */
export interface RejectedCount {
  readonly failure: string;
  readonly events: number;
}

/**
 * Counts the dead letters under `<dataDir>/dlq/` by failure type: every event the pipeline
 * refused, with why, as the dashboard shows them. Files `replay` has claimed count too: they
 * are still there until replayed.
 *
 * @param dataDir - the runtime's data folder
 * @returns one row per failure type, most frequent first; none when there is no dead letter
 * @example await countRejected('.data') // [{ failure: 'schema_violation', events: 12 }]
 */
export async function countRejected(dataDir: string): Promise<RejectedCount[]> {
  const dir = join(dataDir, 'dlq');
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ndjson'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const counts = new Map<string, number>();
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let failure = 'unreadable_dead_letter';
      try {
        failure = String((JSON.parse(line) as { failure?: unknown }).failure ?? failure);
      } catch {
        // A line cut short by a crash mid-append: counted, so nothing is hidden.
      }
      counts.set(failure, (counts.get(failure) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([failure, events]) => ({ failure, events }))
    .sort((a, b) => b.events - a.events || (a.failure < b.failure ? -1 : 1));
}
