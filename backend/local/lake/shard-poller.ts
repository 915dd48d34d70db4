import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  type KinesisClient,
  ListShardsCommand,
  ProvisionedThroughputExceededException,
  type Shard,
} from '@aws-sdk/client-kinesis';
import type { StreamInputRecord } from '../../core/stream/types';
import { collectBody } from '../kinesis/collectBody';
import type { Checkpoints } from './checkpoint-store';
import { placeholderIndex, type SplitRecordData, splitRecordData } from './split-record-data';

/** What one `GetRecords` call returned for one shard. */
export interface ShardBatch {
  readonly shardId: string;
  readonly records: readonly StreamInputRecord[];
  /** Where the shard continues; `undefined` once a closed shard is drained. */
  readonly nextIterator: string | undefined;
}

export interface ShardPollerOptions {
  readonly kinesis: KinesisClient;
  readonly streamName: string;
  /** Where to resume: reading starts after these sequence numbers, else at `TRIM_HORIZON`. */
  readonly checkpoints: Checkpoints;
  /**
   * Records per `GetRecords` call (Kinesis allows up to 10,000). Each call's answer is held as
   * several copies (bytes, decoded data; a whole string and objects when the SDK reads it all,
   * see `splitRecordData`): with 5,000 per shard a consumer catching up held ~70 MB of them at
   * once, too much for the 500 MB budget.
   * A record holds a request's events of one user (`toStreamEntries`), so what bounds an answer
   * once records are aggregated is its size: at most 4 MB from the emulator, 10 MB from Kinesis.
   * @default 1000
   */
  readonly limit?: number;
  /**
   * How often the shard list is read again, to pick up shards added by resharding.
   * @default 30000
   */
  readonly refreshShardsMs?: number;
  /** Told when a checkpoint names no record of the shard, which is then read from its start. */
  readonly onStaleCheckpoint?: (shardId: string, sequenceNumber: string) => void;
}

export interface ShardPoller {
  /**
   * Reads once from every open shard. A shard's position does not move until its batch is
   * passed to `advance`, so a batch the caller failed to take is read again.
   * @returns the batches read, and the errors of shards that could not be read
   */
  poll(): Promise<{ readonly batches: ShardBatch[]; readonly errors: unknown[] }>;
  /** Moves the batch's shard past it: call once the batch is safely taken. */
  advance(batch: ShardBatch): void;
  /** Sequence number of the last record taken, per shard. */
  positions(): Checkpoints;
}

interface ShardState {
  iterator: string | undefined;
  /** Last sequence number read; where a new iterator starts. */
  position: string | undefined;
  /** `GetRecords` returned no next iterator: the shard was closed by resharding and is drained. */
  closed: boolean;
}

/**
 * Polls every shard of a stream with `GetShardIterator`/`GetRecords`, as a Kinesis Client
 * Library worker would, remembering where it is per shard.
 *
 * Limitation: after a resharding, parent and child shards are read side by side, so per-user
 * order across the split is not kept (KCL waits for the parent to drain). The local stream is
 * never resharded by this runtime.
 *
 * @param options - client, stream and starting checkpoints
 * @example const poller = createShardPoller({ kinesis, streamName, checkpoints: {} });
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html
 */
export function createShardPoller(options: ShardPollerOptions): ShardPoller {
  const { kinesis, streamName } = options;
  const limit = options.limit ?? 1000;
  const refreshShardsMs = options.refreshShardsMs ?? 30_000;
  const shards = new Map<string, ShardState>();
  let shardsReadAt = Number.NEGATIVE_INFINITY;

  async function refreshShards(): Promise<void> {
    const found: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await kinesis.send(
        new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName }),
      );
      found.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    for (const shard of found) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, {
        iterator: undefined,
        position: options.checkpoints[shard.ShardId],
        closed: false,
      });
    }
    shardsReadAt = Date.now();
  }

  async function iteratorFor(shardId: string, state: ShardState): Promise<string | undefined> {
    const request = (position: string | undefined) =>
      kinesis.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId: shardId,
          ...(position
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: position }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
    try {
      return (await request(state.position)).ShardIterator;
    } catch (err) {
      // A checkpoint of another stream by the same name (re-created, or the emulator's store
      // replaced) names no record of this one. Reading it from the start loses nothing; rows
      // already in the lake are hidden by the view's dedup and removed by compaction.
      if (!(err instanceof InvalidArgumentException) || !state.position) throw err;
      options.onStaleCheckpoint?.(shardId, state.position);
      state.position = undefined;
      return (await request(undefined)).ShardIterator;
    }
  }

  async function read(shardId: string, state: ShardState): Promise<ShardBatch | undefined> {
    state.iterator ??= await iteratorFor(shardId, state);
    if (!state.iterator) {
      state.closed = true;
      return undefined;
    }
    try {
      const command = new GetRecordsCommand({ ShardIterator: state.iterator, Limit: limit });
      let split: SplitRecordData | undefined;
      // Innermost of the deserialize step: it sees each attempt's raw answer, and the SDK's
      // deserializer then reads the skeleton (errors and all) as it would the whole answer.
      command.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          const response = result.response as { statusCode?: number; body?: unknown };
          if (response.statusCode !== 200) return result;
          const body = await collectBody(response.body);
          split = splitRecordData(body);
          response.body = split?.skeleton ?? body;
          return result;
        },
        { step: 'deserialize', priority: 'low', name: 'splitRecordData' },
      );
      const result = await kinesis.send(command);
      const records = (result.Records ?? []).map((r) => ({
        sequenceNumber: r.SequenceNumber ?? '',
        data: !r.Data
          ? new Uint8Array()
          : split
            ? (split.data[placeholderIndex(r.Data, split.data.length)] as Uint8Array)
            : r.Data,
      }));
      return { shardId, records, nextIterator: result.NextShardIterator };
    } catch (err) {
      // An iterator lives 5 minutes; a fresh one from the last position loses nothing.
      if (err instanceof ExpiredIteratorException) {
        state.iterator = undefined;
        return undefined;
      }
      // Over the shard's 5 reads/s: the next poll tries again.
      if (err instanceof ProvisionedThroughputExceededException) return undefined;
      throw err;
    }
  }

  return {
    async poll() {
      if (Date.now() - shardsReadAt >= refreshShardsMs) await refreshShards();
      const open = [...shards].filter(([, state]) => !state.closed);
      const settled = await Promise.allSettled(open.map(([id, state]) => read(id, state)));
      const batches: ShardBatch[] = [];
      const errors: unknown[] = [];
      for (const result of settled) {
        if (result.status === 'rejected') errors.push(result.reason);
        else if (result.value) batches.push(result.value);
      }
      return { batches, errors };
    },
    advance(batch) {
      const state = shards.get(batch.shardId);
      if (!state) return;
      state.iterator = batch.nextIterator;
      if (!state.iterator) state.closed = true;
      const last = batch.records.at(-1);
      if (last) state.position = last.sequenceNumber;
    },
    positions() {
      const result: Record<string, string> = {};
      for (const [id, state] of shards) if (state.position) result[id] = state.position;
      return result;
    },
  };
}
