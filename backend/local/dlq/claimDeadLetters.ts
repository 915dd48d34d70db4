import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeadLetter } from '../../aws/dead-letter';
import { LIVE_DEAD_LETTER_FILE } from './DeadLetterStore';

const CLAIMED = /^replaying-.*\.ndjson$/;

export interface ClaimedDeadLetters {
  readonly letters: readonly DeadLetter[];
  /** Lines that are not JSON (a write torn by a crash); moved aside, never replayed. */
  readonly unreadable: number;
  /** Deletes the claimed files: call once every letter is back in the stream or re-stored. */
  release(): Promise<void>;
}

/**
 * Takes the dead letters out of the live file for a replay: renames it to
 * `replaying-<time>.ndjson` (atomic; the running server's next append starts a new live
 * file) and reads it together with claims an interrupted replay left behind, so a crash
 * between claim and release only means those letters are replayed again (the lake dedups on
 * messageId).
 *
 * @param dir - the dead-letter folder (`<dataDir>/dlq`).
 * @param settleMs - time for an append that opened the live file just before the rename to
 *   finish its write and sync.
 * @returns the letters and a `release()` for the claimed files.
 * @example const claim = await claimDeadLetters(join(dataDir, 'dlq'));
 */
export async function claimDeadLetters(dir: string, settleMs = 200): Promise<ClaimedDeadLetters> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  try {
    await rename(join(dir, LIVE_DEAD_LETTER_FILE), join(dir, `replaying-${stamp}.ndjson`));
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => CLAIMED.test(f));
  const letters: DeadLetter[] = [];
  const unreadable: string[] = [];
  for (const file of files.sort()) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      if (line.trim() === '') continue;
      try {
        letters.push(JSON.parse(line) as DeadLetter);
      } catch {
        unreadable.push(line);
      }
    }
  }
  if (unreadable.length > 0) {
    await writeFile(join(dir, `unreadable-${stamp}.ndjson`), `${unreadable.join('\n')}\n`);
  }
  return {
    letters,
    unreadable: unreadable.length,
    release: async () => {
      for (const file of files) await rm(join(dir, file), { force: true });
    },
  };
}
