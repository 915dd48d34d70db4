import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../core/ingest/handle-ingest';
import type { IngestConfig } from '../core/ingest/types';
import { queryLake } from '../local/lake/query-lake';
import { type GeneratedEvent, KIND } from './generated-event';
import { toWireEvent } from './to-wire-event';
import { type WriteTrafficResult, writeTrafficToLake } from './write-traffic-to-lake';

const SEED = 4242;
const WRITE_KEY = 'wk_generator_test';
const config: IngestConfig = { sites: [{ writeKey: WRITE_KEY, allowedOrigins: ['*'] }] };

let dataDir: string;
let result: WriteTrafficResult;
const events: GeneratedEvent[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-generator-'));
  result = await writeTrafficToLake({
    dataDir,
    seed: SEED,
    days: 3,
    newUsersPerDay: 40,
    duplicateShare: 0.05,
    eventsPerWrite: 1_500,
    onEvent: (e) => events.push(e),
  });
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** What the real ingest core stores for one generated event, posted as the SDK would. */
function ingest(e: GeneratedEvent) {
  const sentAt = new Date(e.time + e.flushMs).toISOString();
  return handleIngest(
    {
      method: 'POST',
      body: JSON.stringify({ batch: [toWireEvent(SEED, e)], sentAt }),
      headers: { 'content-type': 'text/plain' },
      query: { writeKey: WRITE_KEY },
      sourceIp: undefined,
      receivedAt: new Date(e.time + e.flushMs + e.latencyMs),
    },
    config,
  );
}

describe('writeTrafficToLake', () => {
  it('stores exactly the rows the ingest core makes of the same events sent by the SDK', async () => {
    const stored = await queryLake(dataDir, 'SELECT * FROM clickstream.events ORDER BY message_id');
    const expected = events
      .filter((e) => e.kind !== KIND.malformed && !e.duplicate)
      .map((e) => {
        const out = ingest(e);
        expect(out.response.status).toBe(200);
        expect(out.records).toHaveLength(1);
        return out.records[0]?.row;
      })
      .sort((a, b) => ((a?.message_id ?? '') < (b?.message_id ?? '') ? -1 : 1));
    expect(stored.length).toBe(result.events);
    expect(stored).toEqual(expected);
  });

  it('writes the duplicates too, which the view counts once', async () => {
    const [files] = await queryLake(
      dataDir,
      `SELECT count(*) AS n FROM read_parquet('${join(dataDir, 'lake/events/*/*/*/*/*.parquet')}')`,
    );
    expect(result.duplicates).toBeGreaterThan(0);
    expect(files?.n).toBe(result.events + result.duplicates);
    expect(result.rows).toBe(result.events + result.duplicates);
  });

  it('leaves out the malformed events, which the ingest rejects each with a reason', () => {
    const malformed = events.filter((e) => e.kind === KIND.malformed);
    expect(malformed.length).toBe(result.malformed);
    expect(malformed.length).toBeGreaterThan(0);
    for (const e of malformed) {
      const out = ingest(e);
      expect(out.records).toHaveLength(0);
      expect(JSON.parse(out.response.body).rejected[0].reason).toEqual(expect.any(String));
    }
  });

  it('marks crawlers as the ingest’s bot detection does', async () => {
    const [bots] = await queryLake(
      dataDir,
      'SELECT count(*) AS n, count(distinct user_id) AS users FROM clickstream.events WHERE is_bot',
    );
    expect(bots?.n).toBeGreaterThan(0);
  });

  it('leaves no staging folder behind', async () => {
    const lake = await queryLake(
      dataDir,
      `SELECT count(*) AS n FROM glob('${join(dataDir, 'lake/.generator-*/**')}')`,
    );
    expect(lake[0]?.n).toBe(0);
  });
});
