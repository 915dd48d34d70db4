import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { DeadLetter } from '../../aws/dead-letter';
import { deliverIngestResult, type IngestSinks } from '../../aws/deliver-ingest-result';
import { putRecords } from '../../aws/put-records';
import { handleIngest } from '../../core/ingest';
import type { FailureType, IngestConfig } from '../../core/ingest/types';
import { claimDeadLetters } from './claimDeadLetters';
import { DeadLetterStore } from './DeadLetterStore';

export interface ReplayOptions {
  /** The dead-letter folder (`<dataDir>/dlq`). */
  readonly dir: string;
  readonly kinesis: KinesisClient;
  readonly streamName: string;
  /** The ingest config a replayed event is checked against (the current one, with any fix). */
  readonly config: IngestConfig;
}

export interface ReplayReport {
  /** Dead letters read. */
  readonly read: number;
  /** Events now in the stream. */
  readonly replayed: number;
  /** Dead letters back in the store, by failure type (the new one when it failed again). */
  readonly remaining: Readonly<Partial<Record<FailureType, number>>>;
  /** Lines that were not JSON, moved to `unreadable-*.ndjson`. */
  readonly unreadable: number;
}

/**
 * Re-submits dead letters through the ingest path:
 * - a record the stream refused (`record` present) is put again as it is: the core already
 *   accepted it;
 * - a bad row with its payload and write key goes through `handleIngest` again, with its
 *   original receive time, so a fix (a new allowed origin, a relaxed limit, a contract
 *   change) brings it back, and what still fails is stored again with the new reason;
 * - a bad row that cannot be re-submitted (no payload: consent denied, unknown write key,
 *   a body that was not JSON) stays in the store with its reason.
 *
 * Replay runs with no `Origin` header, like a server-side sender: it is an operator's
 * decision, not a browser's.
 *
 * @param options - where the letters are, the stream, the ingest config.
 * @returns counts for the report.
 * @example await replayDeadLetters({ dir: '.data/dlq', kinesis, streamName, config });
 * @see docs/local.md#dead-letters-and-replay
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayReport> {
  const claim = await claimDeadLetters(options.dir);
  const store = new DeadLetterStore(options.dir);
  const remaining: Partial<Record<FailureType, number>> = {};
  const keep = async (letters: readonly DeadLetter[]): Promise<void> => {
    await store.append(letters);
    for (const l of letters) remaining[l.failure] = (remaining[l.failure] ?? 0) + 1;
  };
  const sinks: IngestSinks = {
    put: (entries) =>
      putRecords(entries, { client: options.kinesis, streamName: options.streamName }),
    deadLetter: keep,
  };
  let replayed = 0;
  const refused = claim.letters.filter((l) => l.record);
  if (refused.length > 0) {
    const delivery = await deliverIngestResult(
      {
        records: refused.map((l) => l.record as NonNullable<DeadLetter['record']>),
        badRows: [],
        response: { status: 200, headers: {}, body: '' },
        stats: emptyStats,
      },
      sinks,
    );
    replayed += delivery.streamed;
  }
  for (const letter of claim.letters) {
    if (letter.record) continue;
    const event = resubmittable(letter);
    if (!event) {
      await keep([letter]);
      continue;
    }
    const result = handleIngest(
      {
        method: 'POST',
        body: JSON.stringify({ batch: [event], writeKey: letter.writeKey }),
        headers: { 'content-type': 'application/json' },
        query: {},
        sourceIp: undefined,
        receivedAt: new Date(letter.receivedAt),
      },
      options.config,
    );
    // The new bad row's `index` is its place in the one-event replay batch: keep the original.
    const again = {
      ...sinks,
      deadLetter: (ls: readonly DeadLetter[]) =>
        keep(ls.map((l) => ({ ...l, index: letter.index }))),
    };
    replayed += (await deliverIngestResult(result, again)).streamed;
  }
  await store.idle();
  await claim.release();
  return { read: claim.letters.length, replayed, remaining, unreadable: claim.unreadable };
}

const emptyStats = {
  received: 0,
  accepted: 0,
  rejected: 0,
  consentDropped: 0,
  piiRedactions: 0,
  generatedMessageIds: 0,
};

function resubmittable(letter: DeadLetter): unknown {
  if (!letter.payload || !letter.writeKey || Number.isNaN(Date.parse(letter.receivedAt))) {
    return undefined;
  }
  try {
    const event = JSON.parse(letter.payload) as unknown;
    return typeof event === 'object' && event !== null && !Array.isArray(event) ? event : undefined;
  } catch {
    // A payload cut at the size limit is not JSON any more: it stays as evidence.
    return undefined;
  }
}
