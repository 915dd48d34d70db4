/**
 * `npm run generate -- <lake|send> [options]`: the synthetic clickstream generator.
 *
 *   lake  writes straight into the local lake (`CLICKSTREAM_DATA_DIR`, default `.data`)
 *   send  posts through the ingest API of any endpoint, at a rate, for a duration
 *
 * @see docs/analytics.md "The generator"
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { TrafficOptions } from './create-traffic';
import { createAnswerBook } from './known-answers';
import { type SendSummary, sendTraffic } from './send-traffic';
import { writeTrafficToLake } from './write-traffic-to-lake';

const USAGE = `usage:
  npm run generate -- lake [--data-dir DIR] [common options]
  npm run generate -- send --endpoint URL --write-key KEY [--rate N] [--duration S]
                           [--batch N] [--concurrency N] [--origin URL] [common options]
common options:
  --seed N            same seed, same traffic (default 1)
  --start YYYY-MM-DD  first day, UTC (default: --days days before today)
  --days N            days of traffic (default 35)
  --users-per-day N   new visitors a day (default 100, or derived from --events)
  --events N          stop after about N events
  --answers FILE      write the exact answers of what was generated (JSON)`;

/** Events per (new visitor a day × day) over a few weeks, measured: sizes `--events`. */
const EVENTS_PER_VISITOR_DAY = 18;

async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      endpoint: { type: 'string' },
      'write-key': { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      batch: { type: 'string' },
      concurrency: { type: 'string' },
      origin: { type: 'string' },
      seed: { type: 'string' },
      start: { type: 'string' },
      days: { type: 'string' },
      'users-per-day': { type: 'string' },
      events: { type: 'string' },
      answers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const mode = positionals[0];
  if (values.help || (mode !== 'lake' && mode !== 'send')) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const days = num(values.days, 'days') ?? 35;
  const events = num(values.events, 'events');
  const startDay =
    values.start ?? new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const traffic: TrafficOptions = {
    seed: num(values.seed, 'seed') ?? 1,
    startDay,
    days,
    newUsersPerDay:
      num(values['users-per-day'], 'users-per-day') ??
      (events ? Math.ceil(events / days / EVENTS_PER_VISITOR_DAY) : 100),
    ...(events ? { maxEvents: events } : {}),
  };
  const book = values.answers ? createAnswerBook(traffic.seed ?? 1) : undefined;
  console.error(
    `generating: seed ${traffic.seed}, ${days} days from ${startDay}, ${traffic.newUsersPerDay} new visitors a day${events ? `, up to ${events} events` : ''}`,
  );

  if (mode === 'lake') {
    const dataDir = values['data-dir'] ?? process.env.CLICKSTREAM_DATA_DIR ?? '.data';
    const result = await writeTrafficToLake({
      ...traffic,
      dataDir,
      ...(book ? { onEvent: book.add } : {}),
      onProgress: (n) => console.error(`  ${n.toLocaleString('en')} events generated`),
    });
    const total = result.events + result.duplicates + result.malformed;
    console.log(
      `wrote ${result.rows.toLocaleString('en')} rows (${result.events.toLocaleString('en')} events + ${result.duplicates.toLocaleString('en')} duplicates; ${result.malformed.toLocaleString('en')} malformed left out) in ${result.files} files under ${dataDir}/lake/events in ${result.seconds.toFixed(1)} s: ${Math.round(total / result.seconds).toLocaleString('en')} events/s`,
    );
  } else {
    if (!values.endpoint || !values['write-key']) {
      console.error(`send needs --endpoint and --write-key\n${USAGE}`);
      return 2;
    }
    const rate = num(values.rate, 'rate');
    const duration = num(values.duration, 'duration');
    const batch = num(values.batch, 'batch');
    const concurrency = num(values.concurrency, 'concurrency');
    const tty = process.stderr.isTTY;
    const summary = await sendTraffic({
      ...traffic,
      endpoint: values.endpoint,
      writeKey: values['write-key'],
      ...(rate ? { rate } : {}),
      ...(duration ? { durationSeconds: duration } : {}),
      ...(batch ? { batchSize: batch } : {}),
      ...(concurrency ? { concurrency } : {}),
      ...(values.origin ? { origin: values.origin } : {}),
      ...(book ? { onBatch: (batchEvents) => batchEvents.forEach(book.add) } : {}),
      onProgress: (s) =>
        process.stderr.write(`${tty ? '\r' : ''}${progress(s, duration)}${tty ? '' : '\n'}`),
    });
    if (tty) process.stderr.write('\n');
    console.log(report(summary));
    if (summary.failed > 0) process.exitCode = 1;
  }
  if (book && values.answers) {
    await writeFile(values.answers, `${JSON.stringify(book.answers(), null, 2)}\n`);
    console.error(`answers written to ${values.answers}`);
  }
  return process.exitCode === 1 ? 1 : 0;
}

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new RangeError(`--${name} must be a number ≥ 0, got ${value}`);
  return n;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

function progress(s: SendSummary, duration: number | undefined): string {
  const bar = duration
    ? `[${'#'.repeat(Math.min(20, Math.round((s.seconds / duration) * 20))).padEnd(20, '.')}] `
    : '';
  return `${bar}${s.seconds.toFixed(0)} s  sent ${fmt(s.sent)}  accepted ${fmt(s.accepted)}  rejected ${fmt(s.rejected)}  failed ${fmt(s.failed)}  ${fmt(s.rate)} events/s  p50 ${s.p50Ms.toFixed(0)} ms  p99 ${s.p99Ms.toFixed(0)} ms   `;
}

function report(s: SendSummary): string {
  const statuses = Object.entries(s.statuses)
    .map(([status, n]) => `${status}: ${fmt(n)}`)
    .join(', ');
  return [
    `sent      ${fmt(s.sent)} events in ${fmt(s.requests)} requests, ${s.seconds.toFixed(1)} s (${fmt(s.rate)} events/s)`,
    `accepted  ${fmt(s.accepted)}`,
    `rejected  ${fmt(s.rejected)} (refused by the endpoint: malformed on purpose)`,
    `failed    ${fmt(s.failed)} (requests that failed after retries)`,
    `latency   p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms`,
    `statuses  ${statuses}`,
  ].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
