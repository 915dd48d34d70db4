import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isbot } from 'isbot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIngest } from '../core/ingest/handle-ingest';
import type { IngestConfig } from '../core/ingest/types';
import { closeLakeQueries, queryLake } from '../local/lake/query-lake';
import { type GeneratedEvent, KIND } from './generated-event';
import { messageIdOf } from './ids';
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
    // An SDK retry reaches the server later: its copy differs in sending and receiving time
    // (and so partition), and the view keeps either copy (DISTINCT ON message_id).
    const retried = new Set(events.filter((e) => e.duplicate).map((e) => messageIdOf(SEED, e.seq)));
    const comparable = (row: object | undefined) => {
      const r = { ...row } as Record<string, unknown>;
      if (retried.has(r.message_id as string)) {
        for (const k of ['sent_at', 'received_at', 'year', 'month', 'day', 'hour']) delete r[k];
      }
      return r;
    };
    expect(stored.length).toBe(result.events);
    expect(stored.map(comparable)).toEqual(expected.map(comparable));
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

  it('includes crawlers, flagged is_bot exactly where the ingest’s isbot says so', async () => {
    const agents = await queryLake(
      dataDir,
      'SELECT DISTINCT user_agent, is_bot FROM clickstream.events ORDER BY user_agent',
    );
    expect(agents.some((a) => a.is_bot)).toBe(true);
    for (const a of agents) expect(a.is_bot).toBe(isbot(a.user_agent as string));
  });

  it('leaves no staging folder behind', async () => {
    const lake = await queryLake(
      dataDir,
      `SELECT count(*) AS n FROM glob('${join(dataDir, 'lake/.generator-*/**')}')`,
    );
    expect(lake[0]?.n).toBe(0);
  });
});

// Close this worker's cached DuckDB instances before it exits (see closeLakeQueries).
afterAll(closeLakeQueries);
