import { hash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KinesisApiError } from './KinesisApiError';
import { type AppendedRecord, ShardLog } from './ShardLog';

const HASH_SPACE = 1n << 128n;
const SEQUENCE_DIGITS = 34;

/** What `streams.json` keeps of a stream. */
export interface StreamMeta {
  readonly name: string;
  readonly shardCount: number;
  /** Epoch seconds; also the first 10 digits of every sequence number of the stream. */
  readonly createdAt: number;
}

/** A record of a `PutRecords` call, as the API received it. */
export interface IncomingRecord {
  /** Base64, as the JSON string or as its bytes in the request (`scanPutRecords`). */
  readonly Data: string | Buffer;
  readonly PartitionKey: string;
  readonly ExplicitHashKey?: string;
}

/**
 * One stream of the emulator: its shards, each an append-only `ShardLog`, with the hash key
 * ranges Kinesis gives a new stream (the 128-bit MD5 space split evenly).
 *
 * Sequence numbers are 34 decimal digits: creation time (10), shard index (4) and the record's
 * byte position in its shard (20). Like Kinesis's, they grow within a shard, and one from another
 * stream (or an earlier stream of the same name) is recognised as not this shard's.
 *
 * @example const stream = new EmulatedStream(meta, '.data/kinesis/streams/events');
 */
export class EmulatedStream {
  readonly meta: StreamMeta;
  readonly #logs: ShardLog[];
  /** Start of each shard's hash key range as 32 hex digits: compared as strings, no BigInt. */
  readonly #startsHex: string[];
  readonly #ranges: { start: bigint; end: bigint }[];
  readonly #prefix: string;

  /**
   * @param meta - name, shard count and creation time.
   * @param dir - the stream's folder; created when missing.
   */
  constructor(meta: StreamMeta, dir: string) {
    this.meta = meta;
    mkdirSync(dir, { recursive: true });
    this.#logs = Array.from(
      { length: meta.shardCount },
      (_, i) => new ShardLog(join(dir, `shard-${i}.log`)),
    );
    const n = BigInt(meta.shardCount);
    this.#ranges = Array.from({ length: meta.shardCount }, (_, i) => ({
      start: (BigInt(i) * HASH_SPACE) / n,
      end: (BigInt(i + 1) * HASH_SPACE) / n - 1n,
    }));
    this.#startsHex = this.#ranges.map((r) => r.start.toString(16).padStart(32, '0'));
    this.#prefix = String(meta.createdAt).padStart(10, '0');
  }

  get arn(): string {
    return `arn:aws:kinesis:us-east-1:000000000000:stream/${this.meta.name}`;
  }

  /** `Shard` objects as `ListShards` and `DescribeStream` return them. */
  shards(): object[] {
    return this.#ranges.map((range, i) => ({
      ShardId: shardId(i),
      HashKeyRange: { StartingHashKey: String(range.start), EndingHashKey: String(range.end) },
      SequenceNumberRange: { StartingSequenceNumber: this.sequenceNumber(i, 0) },
    }));
  }

  /**
   * Appends records to their shards (by the MD5 of the partition key, or the explicit hash key).
   * @returns per record, in request order, its shard index and sequence number.
   */
  put(records: readonly IncomingRecord[]): { shard: number; sequenceNumber: string }[] {
    const now = Date.now();
    const shardOf = records.map((r) => this.#shardFor(r));
    const byShard: AppendedRecord[][] = this.#logs.map(() => []);
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as IncomingRecord;
      byShard[shardOf[i] as number]?.push({ data: r.Data, partitionKey: r.PartitionKey });
    }
    const positions = byShard.map((appended, s) =>
      appended.length ? (this.#logs[s] as ShardLog).append(now, appended) : [],
    );
    const taken = positions.map(() => 0);
    return shardOf.map((s) => {
      const position = (positions[s] as number[])[(taken[s] as number)++] as number;
      return { shard: s, sequenceNumber: this.sequenceNumber(s, position) };
    });
  }

  read(shard: number, position: number, limit: number) {
    return this.#log(shard).read(position, limit);
  }

  /** Where a shard's next record will go (`LATEST`). */
  end(shard: number): number {
    return this.#log(shard).size;
  }

  sequenceNumber(shard: number, position: number): string {
    return `${this.#prefix}${String(shard).padStart(4, '0')}${String(position).padStart(20, '0')}`;
  }

  /**
   * @returns the position of the record with this sequence number in this shard.
   * @throws KinesisApiError InvalidArgumentException when it is not one of its records.
   */
  positionOf(shard: number, sequenceNumber: string): number {
    const position = Number(sequenceNumber.slice(14));
    if (
      sequenceNumber.length !== SEQUENCE_DIGITS ||
      !sequenceNumber.startsWith(this.sequenceNumber(shard, 0).slice(0, 14)) ||
      !this.#log(shard).isRecordStart(position)
    ) {
      throw new KinesisApiError(
        'InvalidArgumentException',
        `StartingSequenceNumber ${sequenceNumber} used in GetShardIterator on shard ${shardId(shard)} in stream ${this.meta.name} under account 000000000000 is invalid.`,
      );
    }
    return position;
  }

  /** @returns the position just after the record at `position`. */
  after(shard: number, position: number): number {
    return this.#log(shard).read(position, 1).next;
  }

  /** @returns the index of a shard id of this stream, or -1. */
  shardIndex(id: string): number {
    const match = /^shardId-(\d{12})$/.exec(id);
    const index = match ? Number(match[1]) : -1;
    return index < this.#logs.length ? index : -1;
  }

  close(): void {
    for (const log of this.#logs) log.close();
  }

  #log(shard: number): ShardLog {
    const log = this.#logs[shard];
    if (!log) throw new KinesisApiError('ResourceNotFoundException', `no shard ${shard}`);
    return log;
  }

  #shardFor(record: IncomingRecord): number {
    const hex =
      record.ExplicitHashKey !== undefined
        ? explicitHashKeyHex(record.ExplicitHashKey)
        : hash('md5', record.PartitionKey, 'hex');
    let shard = this.#startsHex.length - 1;
    while (shard > 0 && hex < (this.#startsHex[shard] as string)) shard--;
    return shard;
  }
}

/** Kinesis shard ids: `shardId-` and 12 digits. */
export function shardId(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

function explicitHashKeyHex(key: string): string {
  const value = /^\d{1,39}$/.test(key) ? BigInt(key) : -1n;
  if (value < 0n || value >= HASH_SPACE) {
    throw new KinesisApiError(
      'InvalidArgumentException',
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${key}`,
    );
  }
  return value.toString(16).padStart(32, '0');
}
