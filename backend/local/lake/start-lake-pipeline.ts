import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { type LakeRow, lakePartitionPath } from '@clickstream/contract';
import { decodeRecords } from '../../core/stream/decode-records';
import { type Checkpoints, checkpointStore } from './checkpoint-store';
import { lakePaths } from './lake-paths';
import { openLakeWriter } from './lake-writer';
import { appendMalformed } from './malformed-sink';
import { RecentRows } from './recent-rows';
import { createShardPoller, type ShardBatch } from './shard-poller';

export interface LakePipelineOptions {
  /** The runtime's data folder (`CLICKSTREAM_DATA_DIR`). */
  readonly dataDir: string;
  /** A client for the stream; locally the emulator's, in tests any Kinesis endpoint. */
  readonly kinesis: KinesisClient;
  readonly streamName: string;
  /**
   * Longest a read record waits in memory before its Parquet write: the main part of
   * freshness (budget: 2 s from ingest to query).
   * @default 500
   */
  readonly flushIntervalMs?: number;
  /**
   * Rows buffered before a write regardless of age. Reading pauses while the rows buffered
   * and being written reach twice this (a write failing, or slower than the stream), so memory
   * stays bounded and the rest waits in the stream: the consumer falls behind, never the
   * ingest. A row costs its JSON here (~1.3 KB for a realistic event).
   * @default 5000
   */
  readonly maxBufferRows?: number;
  /**
   * Pause after a poll that found few records (the consumer is caught up).
   * @default 100
   */
  readonly pollIntervalMs?: number;
  /**
   * How often small files are merged.
   * @default 30000
   */
  readonly compactIntervalMs?: number;
  /**
   * Rows kept for `recent()`.
   * @default 1000
   */
  readonly recentCapacity?: number;
  /**
   * Told about every failed poll, write or compaction; the loop backs off and carries on.
   * @default console.error
   */
  readonly onError?: (error: Error) => void;
}

/** A poll that read fewer events than this waits `pollIntervalMs` before the next one. */
const CAUGHT_UP_EVENTS = 500;

export interface LakePipelineStats {
  /** Events read from the stream by this process (a wholly malformed record counts once). */
  readonly received: number;
  /** Rows in the Parquet files, counted from their metadata at start, plus rows written since. */
  readonly inLake: number;
  /** Lines (or whole records) that were not `LakeRow`s, kept in `<dataDir>/dlq/stream`. */
  readonly malformed: number;
  /** Events dropped because their `message_id` was already read or buffered. */
  readonly duplicates: number;
  /** Rows read and not yet written. */
  readonly buffered: number;
  readonly filesWritten: number;
  /** Duplicate rows removed from the files by compaction. */
  readonly duplicatesCompacted: number;
  readonly errors: number;
  /** ISO time of the last durable write, or null. */
  readonly lastWriteAt: string | null;
}

export interface LakePipeline {
  /** Stops polling, writes what is buffered and checkpoints; the stream keeps the rest. */
  stop(): Promise<void>;
  stats(): LakePipelineStats;
  /** Up to `limit` of the newest rows read (default 100), newest first; before they are durable. */
  recent(limit?: number): LakeRow[];
}

/**
 * Starts the local stream → lake consumer: polls every shard, hands each batch to the
 * stream-processor core (the Lambda's code), buffers rows, writes them to the Parquet lake and
 * only then checkpoints. A `kill -9` at any moment loses nothing: the next start reads again
 * from the checkpoint, and the rows written twice are hidden by the view's dedup and removed
 * by compaction.
 *
 * @param options - data folder, Kinesis client and stream, tuning
 * @returns a handle to stop it and read its counters
 * @example const lake = await startLakePipeline({ dataDir: '.data', kinesis, streamName: 'clickstream-events' });
 * @see docs/sql.md
 */
export async function startLakePipeline(options: LakePipelineOptions): Promise<LakePipeline> {
  const flushIntervalMs = options.flushIntervalMs ?? 500;
  const maxBufferRows = options.maxBufferRows ?? 5000;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const compactIntervalMs = options.compactIntervalMs ?? 30_000;
  const onError = options.onError ?? ((error: Error) => console.error('lake pipeline:', error));
  const paths = lakePaths(options.dataDir);
  const store = checkpointStore(paths.checkpoints, options.streamName);
  let checkpoints: Checkpoints = await store.load();
  const writer = await openLakeWriter({ dataDir: options.dataDir });
  const poller = createShardPoller({
    kinesis: options.kinesis,
    streamName: options.streamName,
    checkpoints,
    onStaleCheckpoint: (shardId, sequenceNumber) =>
      onError(
        new Error(
          `checkpoint ${sequenceNumber} is not a record of ${options.streamName}/${shardId}; reading the shard from its start (the lake hides rows it already has)`,
        ),
      ),
  });
  const recentCapacity = options.recentCapacity ?? 1000;
  const recentRows = new RecentRows(recentCapacity);

  /**
   * Rows read and not yet written, by message id: their JSON lines as they came off the stream.
   * Only the bytes are kept: parsed rows held across a flush interval outlived V8's young
   * generation, and copying them into the old one was a tenth of the thread's CPU.
   */
  let buffer = new Map<string, Uint8Array>();
  /** The buffered rows' partition paths: mostly one, which spares DuckDB partitioning them. */
  let partitions = new Set<string>();
  /** When the oldest unwritten (or un-checkpointed) record was read. */
  let dirtySince: number | undefined;
  let compactedAt = Date.now();
  let failures = 0;
  const counters = {
    received: 0,
    inLake: await writer.countRows(),
    malformed: 0,
    duplicates: 0,
    filesWritten: 0,
    duplicatesCompacted: 0,
    errors: 0,
    lastWriteAt: null as string | null,
  };

  const report = (err: unknown) => {
    counters.errors++;
    failures++;
    onError(err instanceof Error ? err : new Error(String(err)));
  };

  /** @returns the events (record lines) the batch held */
  async function accept(batch: ShardBatch): Promise<number> {
    // Each row is taken as the core reads it, and only its id and line are kept: the parsed
    // row dies young (see `decodeRecords`), except the few that `recentRows` holds. They join
    // the buffer once the batch's bad rows are safely stored, as the batch is then taken.
    const ids: string[] = [];
    const lines: Uint8Array[] = [];
    const { malformed, duplicates } = decodeRecords(batch.records, ({ row, json }) => {
      ids.push(row.message_id);
      lines.push(json);
      partitions.add(lakePartitionPath(row));
      recentRows.add(row);
    });
    const detectedAt = new Date().toISOString();
    await appendMalformed(
      paths.malformed,
      malformed.map((m) => ({
        ...m,
        streamName: options.streamName,
        shardId: batch.shardId,
        detectedAt,
      })),
    );
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      if (buffer.has(id)) counters.duplicates++;
      // The core validated the line's JSON and returned it parsed unchanged: the bytes are the row.
      else buffer.set(id, lines[i] as Uint8Array);
    }
    // Events, not records: a record holds a request's events of one user (one per line).
    const read = ids.length + duplicates + malformed.length;
    counters.received += read;
    counters.duplicates += duplicates;
    counters.malformed += malformed.length;
    // An empty read moves no position: nothing to write or checkpoint (an idle consumer
    // fsynced its checkpoint every flush interval, and a test raced that save).
    if (batch.records.length > 0) dirtySince ??= Date.now();
    return read;
  }

  /** The write in progress: polling goes on while DuckDB writes, one write at a time. */
  let writing: Promise<void> | undefined;
  /** The compaction in progress, on its own DuckDB connection; one at a time. */
  let compacting: Promise<void> | undefined;
  let writingRows = 0;

  async function flush(): Promise<void> {
    if (dirtySince === undefined) return;
    // Positions are read with the buffer: every record up to them is in `taken`, malformed
    // (already synced) or a duplicate.
    const positions = poller.positions();
    const taken = buffer;
    const takenPartitions = partitions;
    const rows = [...taken.values()];
    buffer = new Map();
    partitions = new Set();
    dirtySince = undefined;
    writingRows = rows.length;
    try {
      const [only] = takenPartitions;
      const { files } = await writer.write(rows, takenPartitions.size === 1 ? only : undefined);
      checkpoints = { ...checkpoints, ...positions };
      await store.save(checkpoints);
      counters.inLake += rows.length;
      counters.filesWritten += files;
      if (files) counters.lastWriteAt = new Date().toISOString();
    } catch (err) {
      // Back in front of what was read since; the next write covers them and their positions.
      // If the files made it but the checkpoint did not, they are written twice: the view
      // hides the copies and compaction removes them.
      buffer = new Map([...taken, ...buffer]);
      partitions = new Set([...takenPartitions, ...partitions]);
      dirtySince = Date.now();
      throw err;
    } finally {
      writingRows = 0;
    }
  }

  let stopping = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  /** Jittered exponential backoff after consecutive failures, capped at 5 s. */
  const backoff = () =>
    Math.min(5000, 100 * 2 ** Math.min(failures, 6)) * (0.5 + Math.random() / 2);

  async function loop(): Promise<void> {
    while (!stopping) {
      let read = 0;
      let events = 0;
      const full = buffer.size + writingRows >= maxBufferRows * 2;
      if (!full) {
        try {
          const { batches, errors } = await poller.poll();
          for (const error of errors) report(error);
          for (const batch of batches) {
            events += await accept(batch);
            poller.advance(batch);
            read += batch.records.length;
          }
        } catch (err) {
          report(err);
        }
      }
      const due =
        dirtySince !== undefined &&
        (buffer.size >= maxBufferRows || Date.now() - dirtySince >= flushIntervalMs);
      if (due && !writing) {
        writing = flush()
          .then(() => {
            failures = 0;
          }, report)
          .finally(() => {
            writing = undefined;
          });
      }
      // Beside reads and writes, so that merging files never holds up freshness.
      if (!compacting && Date.now() - compactedAt >= compactIntervalMs) {
        compactedAt = Date.now();
        compacting = writer
          .compact()
          .then(({ duplicatesRemoved }) => {
            counters.duplicatesCompacted += duplicatesRemoved;
          }, report)
          .finally(() => {
            compacting = undefined;
          });
      }
      if (read) failures = 0;
      if (failures) await sleep(backoff());
      // Reading waits for the write that frees room, not for a poll interval.
      else if (full && writing) await writing;
      // A short read means the consumer is caught up: waiting lets the next call return more.
      // Polling again at once spent a GetRecords call, with its fixed HTTP and SDK cost, on
      // every few requests' records at moderate load.
      else if (events < CAUGHT_UP_EVENTS) await sleep(pollIntervalMs);
    }
  }

  const running = loop();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await running;
      try {
        await Promise.all([writing, compacting]);
        await flush();
      } finally {
        writer.close();
      }
    },
    stats() {
      return { ...counters, buffered: buffer.size + writingRows };
    },
    recent(limit = 100) {
      return recentRows.newest(limit);
    },
  };
}
