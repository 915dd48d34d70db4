/**
 * `npm run replay`: re-submits the dead letters in `<CLICKSTREAM_DATA_DIR>/dlq/` through the
 * ingest path (see `replayDeadLetters`). Works while `npm start` runs (it uses that
 * runtime's emulator, found in `<dataDir>/runtime.json`) and when it does not (it opens the
 * emulator's data itself; the lake picks the events up on the next start).
 * @see docs/local.md#dead-letters-and-replay
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestConfigFor, loadLocalConfigOrExit } from './config';
import { replayDeadLetters } from './dlq/replayDeadLetters';
import { createKinesisClient } from './kinesis/createKinesisClient';
import { startKinesis } from './kinesis/startKinesis';
import type { RuntimeInfo } from './startLocalRuntime';

const config = loadLocalConfigOrExit('replay');

const running = await runningRuntime(config.dataDir);
const local = running ? undefined : await startKinesis({ dataDir: config.dataDir });
const kinesis = running
  ? createKinesisClient({ endpoint: running.kinesisEndpoint })
  : (local as NonNullable<typeof local>).client;
const streamName = running?.streamName ?? (local as NonNullable<typeof local>).streamName;
// The demo site's origins only matter for browsers; replay sends no Origin.
const port = running ? Number(new URL(running.url).port) : config.port;

try {
  const report = await replayDeadLetters({
    dir: join(config.dataDir, 'dlq'),
    kinesis,
    streamName,
    config: ingestConfigFor(config, port),
  });
  const left = Object.entries(report.remaining)
    .map(([failure, n]) => `${failure} ${n}`)
    .join(', ');
  console.log(
    `replay: ${report.read} dead letters read, ${report.replayed} events back in the stream` +
      (left ? `, still dead-lettered: ${left}` : ', none left') +
      (report.unreadable ? `, ${report.unreadable} unreadable lines set aside` : ''),
  );
} finally {
  if (local) await local.stop();
  else kinesis.destroy();
}

async function runningRuntime(dataDir: string): Promise<RuntimeInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    // No runtime.json, or its process is gone (kill -9): open the emulator's data ourselves.
    return undefined;
  }
}
