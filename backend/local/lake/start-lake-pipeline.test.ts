import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import type { LakeRow } from '@clickstream/contract';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeLakeRow } from '../../core/stream/fixtures/make-lake-row';
import { type LocalKinesis, startKinesis } from '../kinesis/startKinesis';
import { checkpointStore } from './checkpoint-store';
import { putRows } from './fixtures/put-rows';
import { lakePaths } from './lake-paths';
import { closeLakeQueries, queryLake } from './query-lake';
import { type LakePipeline, startLakePipeline } from './start-lake-pipeline';

let kinesis: LocalKinesis;
let kinesisDir: string;
let dataDir: string;
let streamName: string;
let streams = 0;
const pipelines: LakePipeline[] = [];

beforeAll(async () => {
  kinesisDir = await mkdtemp(join(tmpdir(), 'clickstream-kinesis-'));
  kinesis = await startKinesis({ dataDir: kinesisDir, shardCount: 2 });
});
afterAll(async () => {
  await closeLakeQueries();
  await kinesis.stop();
  await rm(kinesisDir, { recursive: true, force: true });
});
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'clickstream-lake-'));
  // A fresh stream per test on the same emulator.
  streamName = `events-${process.pid}-${++streams}`;
  await kinesis.client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 2 }));
  await waitUntilStreamExists(
    { client: kinesis.client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 },
    { StreamName: streamName },
  );
});
afterEach(async () => {
  await Promise.all(pipelines.splice(0).map((p) => p.stop()));
  expect(errors.splice(0)).toEqual([]);
  // One stream per test: delete it so the emulator's folder does not keep growing.
  await kinesis.client.send(new DeleteStreamCommand({ StreamName: streamName }));
  await rm(dataDir, { recursive: true, force: true });
});

const errors: Error[] = [];
const start = async () => {
  const pipeline = await startLakePipeline({
    dataDir,
    kinesis: kinesis.client,
    streamName,
    flushIntervalMs: 100,
    onError: (err) => errors.push(err),
  });
  pipelines.push(pipeline);
  return pipeline;
};
const put = (rows: readonly LakeRow[]) =>
  putRows(
    kinesis.client,
    streamName,
    rows.map((row) => ({ partitionKey: row.anonymous_id ?? row.user_id, data: row })),
  );
const countIn = async (dir = dataDir) =>
  (await queryLake(dir, 'SELECT count(*) AS n FROM clickstream.events'))[0]?.n as number;
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('startLakePipeline', () => {
  it('reads aggregated records (one NDJSON line per event) and counts events, not records', async () => {
    const pipeline = await start();
    const users = ['u1', 'u2', 'u3'];
    const rows = users.map((user) =>
      Array.from({ length: 4 }, () => makeLakeRow({ anonymous_id: user })),
    );
    await putRows(
      kinesis.client,
      streamName,
      rows.map((group, i) => ({
        partitionKey: users[i] as string,
        data: new TextEncoder().encode(group.map((row) => JSON.stringify(row)).join('\n')),
      })),
    );
    expect(await until(countIn, (n) => n === 12)).toBe(12);
    expect(pipeline.stats()).toMatchObject({ received: 12, inLake: 12, malformed: 0 });
  });

  it('makes records put on every shard queryable in the lake, and shows them in recent()', async () => {
    const pipeline = await start();
    const rows = Array.from({ length: 300 }, (_, i) => makeLakeRow({ anonymous_id: `a${i % 37}` }));
    await put(rows);
    expect(await until(countIn, (n) => n === 300)).toBe(300);
    const stored = await queryLake(dataDir, 'SELECT message_id FROM clickstream.events');
    expect(new Set(stored.map((r) => r.message_id))).toEqual(
      new Set(rows.map((r) => r.message_id)),
    );
    expect(pipeline.stats()).toMatchObject({
      received: 300,
      inLake: 300,
      malformed: 0,
      buffered: 0,
    });
    expect(pipeline.recent(5)).toHaveLength(5);
    expect(new Set(rows.map((r) => r.message_id))).toContain(pipeline.recent(1)[0]?.message_id);
  });

  it('keeps malformed records in dlq/stream with their reason and stores the rest', async () => {
    const pipeline = await start();
    const good = makeLakeRow();
    await putRows(kinesis.client, streamName, [
      { partitionKey: 'x', data: new TextEncoder().encode('not json') },
      { partitionKey: 'x', data: { ...makeLakeRow(), is_bot: 'no' } },
      { partitionKey: 'x', data: good },
    ]);
    await until(
      async () => pipeline.stats().inLake,
      (n) => n === 1,
    );
    expect(await countIn()).toBe(1);
    expect(pipeline.stats()).toMatchObject({ received: 3, malformed: 2, inLake: 1 });
    const { malformed } = lakePaths(dataDir);
    const [file] = await readdir(malformed);
    const lines = (await readFile(join(malformed, file ?? ''), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.failure, l.streamName, l.reason])).toEqual([
      ['malformed_record', streamName, expect.stringMatching(/^data is not JSON/)],
      ['malformed_record', streamName, 'not a LakeRow: /is_bot: Expected boolean'],
    ]);
    expect(lines[0].payload).toBe('not json');
  });

  it('reads a shard from its start when the checkpoint names no record of it, and says so', async () => {
    const rows = Array.from({ length: 20 }, () => makeLakeRow());
    await put(rows);
    // A checkpoint left by another store (kinesalite's sequence numbers) or an older stream.
    await checkpointStore(lakePaths(dataDir).checkpoints, streamName).save({
      'shardId-000000000000': '49668139713526421476394367347478478102394827346012345666',
      'shardId-000000000001': '49668139713526421476394367347478478102394827346012345667',
    });
    await start();
    expect(await until(countIn, (n) => n === 20)).toBe(20);
    expect(
      errors
        .splice(0)
        .map((e) => e.message)
        .sort(),
    ).toEqual([
      expect.stringMatching(
        /^checkpoint \d+ is not a record of .*shardId-000000000000; reading the shard from its start/,
      ),
      expect.stringMatching(/shardId-000000000001; reading the shard from its start/),
    ]);
  });

  it('drops a message_id repeated on the stream before writing it', async () => {
    const pipeline = await start();
    const row = makeLakeRow();
    await put([row, makeLakeRow(), row]);
    await until(
      async () => pipeline.stats().inLake,
      (n) => n === 2,
    );
    expect(await countIn()).toBe(2);
    expect(pipeline.stats()).toMatchObject({ received: 3, duplicates: 1, inLake: 2 });
  });

  it('keeps rows and checkpoints nothing while writes fail, then writes them all', async () => {
    const { staging, checkpoints } = lakePaths(dataDir);
    const pipeline = await start();
    // A file where the staging folder should be: every Parquet write fails.
    await rm(staging, { recursive: true });
    await writeFile(staging, 'in the way');
    const rows = Array.from({ length: 10 }, () => makeLakeRow());
    await put(rows);
    await until(
      async () => errors.length,
      (n) => n >= 2,
    );
    expect(pipeline.stats()).toMatchObject({ received: 10, inLake: 0, buffered: 10 });
    await expect(readdir(checkpoints)).rejects.toThrow(/ENOENT/);

    await rm(staging);
    await mkdir(staging);
    expect(await until(countIn, (n) => n === 10)).toBe(10);
    await until(
      async () => pipeline.stats().inLake,
      (n) => n === 10,
    );
    expect(await readdir(checkpoints)).toEqual([`${streamName}.json`]);
    expect(errors.splice(0).every((e) => /staging/.test(e.message))).toBe(true);
  });

  it('resumes after stop() from its checkpoint without reading anything twice', async () => {
    const first = await start();
    await put(Array.from({ length: 50 }, () => makeLakeRow()));
    await until(countIn, (n) => n === 50);
    await first.stop();
    pipelines.splice(pipelines.indexOf(first), 1);

    const second = await start();
    await put(Array.from({ length: 20 }, () => makeLakeRow()));
    expect(await until(countIn, (n) => n === 70)).toBe(70);
    await until(
      async () => second.stats().inLake,
      (n) => n === 70,
    );
    expect(second.stats()).toMatchObject({ received: 20, inLake: 70 });
    const files = await queryLake(
      dataDir,
      `SELECT count(*) AS n FROM read_parquet('${lakePaths(dataDir).eventsGlob}')`,
    );
    expect(files).toEqual([{ n: 70 }]);
  });

  it('loses and duplicates nothing when killed with SIGKILL mid-load and restarted', {
    timeout: 180_000,
  }, async () => {
    const spawnPipeline = () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'fixtures/run-lake-pipeline.ts'),
          kinesis.endpoint,
          streamName,
          dataDir,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
      });
      return { child, output: () => out };
    };
    const exited = (child: ChildProcess) => new Promise((r) => child.once('exit', r));

    const rows = Array.from({ length: 4000 }, (_, i) =>
      makeLakeRow({ anonymous_id: `a${i % 101}` }),
    );
    const first = spawnPipeline();
    await until(
      async () => first.output(),
      (o) => o.includes('ready'),
      60_000,
    );
    const loading = (async () => {
      for (let i = 0; i < rows.length; i += 500) await put(rows.slice(i, i + 500));
    })();
    // Kill once part of the load is in the lake, while the rest is still arriving.
    await until(countIn, (n) => n >= 500, 60_000);
    first.child.kill('SIGKILL');
    await exited(first.child);
    await loading;

    const second = spawnPipeline();
    expect(await until(countIn, (n) => n === rows.length, 60_000)).toBe(rows.length);
    second.child.kill('SIGTERM');
    await exited(second.child);

    const [check] = await queryLake(
      dataDir,
      `SELECT count(*) AS n, count(DISTINCT message_id) AS ids FROM clickstream.events`,
    );
    expect(check).toEqual({ n: rows.length, ids: rows.length });
    const stored = await queryLake(dataDir, 'SELECT message_id FROM clickstream.events');
    expect(new Set(stored.map((r) => r.message_id))).toEqual(
      new Set(rows.map((r) => r.message_id)),
    );
  });
});
