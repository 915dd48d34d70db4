import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeadLetter } from '../../aws/dead-letter';

/** The file new dead letters are appended to; `replay` claims it by renaming it. */
export const LIVE_DEAD_LETTER_FILE = 'dead-letters.ndjson';

interface Waiting {
  readonly text: string;
  readonly count: number;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * The local dead-letter store: NDJSON under `<dataDir>/dlq/`, one `DeadLetter` per line.
 *
 * An append resolves only after `fdatasync`, because the ingest answers 2xx on the strength of
 * it. Appends that arrive while a sync is running are written together in the next one (group
 * commit), so a burst of bad rows costs one sync, not one per request. Each write opens the
 * file anew, so a `replay` that renamed it away gets a fresh file on the next append.
 *
 * @example
 * const dlq = new DeadLetterStore(join(dataDir, 'dlq'));
 * await dlq.append(result.badRows);
 */
export class DeadLetterStore {
  readonly dir: string;
  #written = 0;
  #queue: Waiting[] = [];
  #writing: Promise<void> | undefined;

  /** @param dir - the folder, created on first append. */
  constructor(dir: string) {
    this.dir = dir;
  }

  /** Dead letters this store has made durable since it was created. */
  get written(): number {
    return this.#written;
  }

  /**
   * @param letters - bad rows and failed puts.
   * @returns resolves once the lines are on disk; rejects when the write or sync failed.
   */
  append(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return Promise.resolve();
    const text = letters.map((l) => `${JSON.stringify(l)}\n`).join('');
    return new Promise((resolve, reject) => {
      this.#queue.push({ text, count: letters.length, resolve, reject });
      this.#writing ??= this.#drain();
    });
  }

  /** Resolves when every append so far has settled. */
  async idle(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0);
        try {
          await appendDurably(this.dir, batch.map((w) => w.text).join(''));
          for (const w of batch) {
            this.#written += w.count;
            w.resolve();
          }
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }
}

async function appendDurably(dir: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = await open(join(dir, LIVE_DEAD_LETTER_FILE), 'a');
  try {
    await file.writeFile(text);
    await file.datasync();
  } finally {
    await file.close();
  }
}
