import type { LakeRow } from '@clickstream/contract';
import { queryLake } from '../../backend/local/lake/query-lake';

/** A lake row as `clickstream.events` returns it (`properties` and `traits` are JSON text). */
export type LakeEvent = LakeRow;

/** How long the lake must stay unchanged before a count is final: above its 500 ms flush. */
const SETTLE_MS = 1_500;
const POLL_MS = 250;

/**
 * Reads one test's events from the lake through the same path as `npm run query`:
 * `queryLake` on the runtime's data folder, the `clickstream.events` view. A test's events are
 * the ones whose `user_agent` carries its token (e2e/support/test.ts sets it per context), so
 * tests running in parallel against one runtime never see each other's rows.
 */
export class Lake {
  readonly #dataDir: string;
  readonly #token: string;

  /**
   * @param dataDir - the runtime's `CLICKSTREAM_DATA_DIR`
   * @param token - the test's user-agent token: `[a-z0-9]+` only, it is put into SQL
   */
  constructor(dataDir: string, token: string) {
    if (!/^[a-z0-9]+$/.test(token)) throw new Error(`unsafe lake token ${token}`);
    this.#dataDir = dataDir;
    this.#token = token;
  }

  /**
   * @param where - an extra SQL condition on `clickstream.events`, e.g. `type = 'page'`
   * @returns this test's rows, oldest first
   */
  async rows(where = 'true'): Promise<LakeEvent[]> {
    const rows = await queryLake(
      this.#dataDir,
      `SELECT * FROM clickstream.events
       WHERE user_agent LIKE '%ClickstreamE2E/${this.#token}%' AND (${where})
       ORDER BY created_at, client_timestamp, message_id`,
    );
    return rows as unknown as LakeEvent[];
  }

  /**
   * Waits until at least `count` rows match, then until the lake has been unchanged for
   * `SETTLE_MS`, so that a late duplicate or an extra event is seen rather than missed.
   *
   * @param count - rows expected at least
   * @param where - extra SQL condition
   * @param timeoutMs - give up after this long, returning what is there (the assertion fails)
   * @returns the settled rows
   */
  async waitFor(count: number, where = 'true', timeoutMs = 30_000): Promise<LakeEvent[]> {
    const deadline = Date.now() + timeoutMs;
    let rows = await this.rows(where);
    while (rows.length < count && Date.now() < deadline) {
      await sleep(POLL_MS);
      rows = await this.rows(where);
    }
    return this.settle(where, rows);
  }

  /**
   * For assertions that nothing arrived: waits long enough for an event sent now to land.
   *
   * @param where - extra SQL condition
   * @param waitMs - how long to watch
   * @returns the rows after the wait
   */
  async after(waitMs: number, where = 'true'): Promise<LakeEvent[]> {
    await sleep(waitMs);
    return this.settle(where, await this.rows(where));
  }

  async settle(where: string, rows: LakeEvent[]): Promise<LakeEvent[]> {
    for (;;) {
      await sleep(SETTLE_MS);
      const again = await this.rows(where);
      if (again.length === rows.length) return again;
      rows = again;
    }
  }
}

/** @param row - a lake row; its `properties` parsed */
export const propertiesOf = (row: LakeEvent): Record<string, unknown> =>
  JSON.parse(row.properties) as Record<string, unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
