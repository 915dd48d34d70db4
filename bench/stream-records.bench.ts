/**
 * The stream path alone, without HTTP ingest or the lake: the ingest core's records for
 * requests of 20 events of one user → `toStreamEntries` → `StreamWriter` (`PutRecords` through
 * `@aws-sdk/client-kinesis`) → the Kinesis emulator thread → the shard poller (`GetRecords`) →
 * `processRecords`. Run twice on fresh streams: with one plain JSON Kinesis record per event (the
 * format before aggregation and gzip) and as the ingest writes them now, aggregated per request
 * and user and gzipped (issue 4).
 *
 * CPU time is read per thread from `/proc/self/task/<tid>/stat` (10 ms ticks): the producer and
 * consumer run on this thread one after the other, the emulator on its own. CPU time per event
 * hardly moves with the machine's load, wall time does: the load average is printed next to it.
 *
 * Env: STREAM_BENCH_REQUESTS (2,000 requests of 20 events).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { type StreamEntry, toStreamEntries } from '../backend/aws/stream-entry';
import type { StreamRecord } from '../backend/core/ingest/types';
import { processRecords } from '../backend/core/stream/process-records';
import { StreamWriter } from '../backend/local/kinesis/StreamWriter';
import { startKinesis } from '../backend/local/kinesis/startKinesis';
import { createShardPoller } from '../backend/local/lake/shard-poller';
import { ingestRequests } from './support/ingest-requests';
import { threadCpuUs } from './support/thread-stats';

const REQUESTS = Number(process.env.STREAM_BENCH_REQUESTS ?? 2000);
const BATCH = 20;
/** Of the 100 µs per event that fits 20,000 events/s on 2 cores (issue 4). */
const BUDGET_STREAM_US = 30;

const dataDir = await mkdtemp(join(tmpdir(), 'bench-stream-'));
const kinesis = await startKinesis({ dataDir, shardCount: 2 });
const requests = ingestRequests(0, REQUESTS, BATCH);
const events = REQUESTS * BATCH;
let streams = 0;

async function run(label: string, toEntries: (records: StreamRecord[]) => StreamEntry[]) {
  const streamName = `bench-${++streams}`;
  await kinesis.client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 2 }));
  await waitUntilStreamExists(
    { client: kinesis.client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 },
    { StreamName: streamName },
  );
  const emulatorTid = kinesis.threadId as number;
  const cpu = () => ({
    main: threadCpuUs(process.pid),
    emulator: threadCpuUs(emulatorTid),
    total: process.cpuUsage(),
  });

  const start = cpu();
  const putStarted = performance.now();
  const writer = new StreamWriter({ client: kinesis.client, streamName });
  // As the server does: every request's records enter the writer as the request comes in.
  const failed = await Promise.all(requests.map((records) => writer.write(toEntries(records))));
  const putMs = performance.now() - putStarted;
  if (failed.some((f) => f.length > 0)) throw new Error('a put failed');
  const put = cpu();

  const poller = createShardPoller({ kinesis: kinesis.client, streamName, checkpoints: {} });
  let records = 0;
  let rows = 0;
  const readStarted = performance.now();
  for (;;) {
    const { batches, errors } = await poller.poll();
    if (errors.length) throw errors[0];
    if (!batches.some((b) => b.records.length)) break;
    for (const batch of batches) {
      records += batch.records.length;
      rows += processRecords(batch.records).rows.length;
      poller.advance(batch);
    }
  }
  const readMs = performance.now() - readStarted;
  const read = cpu();
  if (rows !== events) throw new Error(`read ${rows} rows of ${events}`);

  const perEvent = (us: number) => (us / events).toFixed(1);
  const processUs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) =>
    b.user - a.user + b.system - a.system;
  const streamUs = put.main - start.main + read.main - put.main + read.emulator - start.emulator;
  console.log(
    `${label}: ${events.toLocaleString('en')} events in ${records.toLocaleString('en')} records, ` +
      `put ${Math.round(putMs)} ms (${writer.calls} calls), read ${Math.round(readMs)} ms`,
  );
  console.log(
    `  CPU µs/event: producer (toStreamEntries + SDK PutRecords) ${perEvent(put.main - start.main)}, ` +
      `emulator thread ${perEvent(put.emulator - start.emulator)} put + ${perEvent(read.emulator - put.emulator)} get, ` +
      `consumer (SDK GetRecords + processRecords) ${perEvent(read.main - put.main)}; ` +
      `stream path ${perEvent(streamUs)}; whole process incl. GC/libuv ${perEvent(processUs(start.total, read.total))}` +
      `; load average ${loadavg()[0]?.toFixed(1)}`,
  );
  return streamUs / events;
}

try {
  const before = await run('one plain record per event (before)', (records) =>
    records.map(
      (r): StreamEntry => ({
        data: Buffer.from(JSON.stringify(r.row)),
        partitionKey: r.partitionKey,
        records: [r],
      }),
    ),
  );
  const after = await run('aggregated per request and user, gzipped', toStreamEntries);
  console.log(
    `stream path ${before.toFixed(1)} → ${after.toFixed(1)} CPU µs/event (${(before / after).toFixed(1)}×); ` +
      `budget ≤ ${BUDGET_STREAM_US} µs/event for producer + emulator + consumer: ${after <= BUDGET_STREAM_US ? 'within' : 'OVER'} budget`,
  );
} finally {
  await kinesis.stop();
  await rm(dataDir, { recursive: true, force: true });
}
