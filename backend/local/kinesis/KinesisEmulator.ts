import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { EmulatedStream, type IncomingRecord, type StreamMeta, shardId } from './EmulatedStream';
import { KinesisApiError } from './KinesisApiError';

/** An iterator is valid for 5 minutes, as in Kinesis. */
const ITERATOR_TTL_MS = 5 * 60 * 1000;
const MAX_GET_RECORDS = 10_000;
const MAX_PUT_RECORDS = 500;
const MAX_PUT_BYTES = 5 * 1024 * 1024;
const MAX_RECORD_BYTES = 1024 * 1024;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

type Input = Record<string, unknown>;

/**
 * The Kinesis API of the local runtime: the operations the AWS SDK's `KinesisClient` sends, on
 * streams whose shards are append-only files under `dir` (see `ShardLog`). `handle` takes an
 * operation and its parsed JSON input and returns the JSON body of the answer.
 *
 * Why not kinesalite: it spent ~130 µs of CPU per record (LevelDB encoding, bignumber.js, its
 * validation and JSON re-encoding, plus LevelDB's own threads), more than the whole 100 µs
 * budget per event of issue 4. Here a put formats one line per record and a read returns the
 * stored base64 unchanged.
 *
 * One process at a time: a `LOCK` file holds the owner's pid.
 *
 * @example const api = new KinesisEmulator('.data/kinesis'); api.handle('ListStreams', {});
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html
 */
export class KinesisEmulator {
  readonly #dir: string;
  readonly #streams = new Map<string, EmulatedStream>();
  readonly #lock: string;

  /**
   * @param dir - where the streams live (`<dataDir>/kinesis`).
   * @throws Error naming the pid when another live process holds the folder.
   */
  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
    this.#lock = join(dir, 'LOCK');
    takeLock(this.#lock);
    const file = join(dir, 'streams.json');
    const metas: StreamMeta[] = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { streams: StreamMeta[] }).streams
      : [];
    for (const meta of metas) this.#streams.set(meta.name, this.#open(meta));
  }

  /**
   * @param operation - the `X-Amz-Target` operation, e.g. `PutRecords`.
   * @param input - the request's JSON body.
   * @returns the JSON body of the answer.
   * @throws KinesisApiError for a request Kinesis would refuse.
   */
  handle(operation: string, input: Input): string | Buffer {
    switch (operation) {
      case 'PutRecords':
        return this.#putRecords(input);
      case 'GetRecords':
        return this.#getRecords(input);
      case 'GetShardIterator':
        return this.#getShardIterator(input);
      case 'PutRecord': {
        const [result] = this.#stream(input).put([incomingRecord(input)]);
        return JSON.stringify({
          ShardId: shardId(result?.shard ?? 0),
          SequenceNumber: result?.sequenceNumber,
        });
      }
      case 'ListShards':
        return JSON.stringify({ Shards: this.#stream(input).shards() });
      case 'ListStreams':
        return JSON.stringify({ StreamNames: [...this.#streams.keys()], HasMoreStreams: false });
      case 'DescribeStream':
        return JSON.stringify({ StreamDescription: this.#describe(this.#stream(input), true) });
      case 'DescribeStreamSummary':
        return JSON.stringify({
          StreamDescriptionSummary: this.#describe(this.#stream(input), false),
        });
      case 'CreateStream':
        return this.#createStream(input);
      case 'DeleteStream': {
        const stream = this.#stream(input);
        stream.close();
        this.#streams.delete(stream.meta.name);
        this.#save();
        rmSync(this.#streamDir(stream.meta.name), { recursive: true, force: true });
        return '{}';
      }
      default:
        throw new KinesisApiError(
          'UnknownOperationException',
          `${operation} is not supported by the local Kinesis emulator`,
        );
    }
  }

  /** Closes every shard file and releases the folder. */
  close(): void {
    for (const stream of this.#streams.values()) stream.close();
    this.#streams.clear();
    rmSync(this.#lock, { force: true });
  }

  #putRecords(input: Input): string {
    const records = input.Records;
    if (!Array.isArray(records) || records.length === 0 || records.length > MAX_PUT_RECORDS) {
      throw new KinesisApiError(
        'ValidationException',
        `Records must hold 1 to ${MAX_PUT_RECORDS} records`,
      );
    }
    const stream = this.#stream(input);
    let bytes = 0;
    for (const record of records) bytes += recordBytes(incomingRecord(record));
    if (bytes > MAX_PUT_BYTES) {
      throw new KinesisApiError(
        'InvalidArgumentException',
        `Records size exceeds 5 MB limit: ${bytes}`,
      );
    }
    const parts = stream
      .put(records as IncomingRecord[])
      .map((r) => `{"SequenceNumber":"${r.sequenceNumber}","ShardId":"${shardId(r.shard)}"}`);
    return `{"FailedRecordCount":0,"Records":[${parts.join(',')}]}`;
  }

  #getShardIterator(input: Input): string {
    const stream = this.#stream(input);
    const shard = stream.shardIndex(String(input.ShardId));
    if (shard === -1) {
      throw new KinesisApiError(
        'ResourceNotFoundException',
        `Shard ${String(input.ShardId)} in stream ${stream.meta.name} under account 000000000000 does not exist`,
      );
    }
    const sequence = String(input.StartingSequenceNumber ?? '');
    let position: number;
    switch (input.ShardIteratorType) {
      case 'TRIM_HORIZON':
        position = 0;
        break;
      case 'LATEST':
        position = stream.end(shard);
        break;
      case 'AT_SEQUENCE_NUMBER':
        position = stream.positionOf(shard, sequence);
        break;
      case 'AFTER_SEQUENCE_NUMBER':
        position = stream.after(shard, stream.positionOf(shard, sequence));
        break;
      case 'AT_TIMESTAMP':
        position = this.#positionAt(stream, shard, Number(input.Timestamp) * 1000);
        break;
      default:
        throw new KinesisApiError(
          'InvalidArgumentException',
          `ShardIteratorType must be TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP`,
        );
    }
    return JSON.stringify({ ShardIterator: iterator(stream, shard, position) });
  }

  /** Built as bytes: records are copied from the shard file as they are, base64 included. */
  #getRecords(input: Input): Buffer {
    const { stream, shard, position } = this.#parseIterator(input.ShardIterator);
    const limit = input.Limit === undefined ? MAX_GET_RECORDS : Number(input.Limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_GET_RECORDS) {
      throw new KinesisApiError(
        'ValidationException',
        `Limit must be from 1 to ${MAX_GET_RECORDS}, got ${String(input.Limit)}`,
      );
    }
    const { records, next } = stream.read(shard, position, limit);
    const parts: Buffer[] = [Buffer.from('{"Records":[')];
    records.forEach((r, i) => {
      parts.push(
        Buffer.from(
          `${i > 0 ? ',' : ''}{"SequenceNumber":"${stream.sequenceNumber(shard, r.position)}","ApproximateArrivalTimestamp":${r.arrivalMs / 1000},"Data":"`,
        ),
        r.data,
        Buffer.from('","PartitionKey":'),
        r.partitionKeyJson,
        Buffer.from('}'),
      );
    });
    const last = records.at(-1);
    const behind = last && next < stream.end(shard) ? Math.max(0, Date.now() - last.arrivalMs) : 0;
    parts.push(
      Buffer.from(
        `],"NextShardIterator":"${iterator(stream, shard, next)}","MillisBehindLatest":${behind}}`,
      ),
    );
    return Buffer.concat(parts);
  }

  #positionAt(stream: EmulatedStream, shard: number, timeMs: number): number {
    let position = 0;
    for (;;) {
      const { records, next } = stream.read(shard, position, MAX_GET_RECORDS);
      const found = records.find((r) => r.arrivalMs >= timeMs);
      if (found) return found.position;
      if (records.length === 0) return position;
      position = next;
    }
  }

  #parseIterator(value: unknown): { stream: EmulatedStream; shard: number; position: number } {
    let parts: unknown;
    try {
      parts = JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8'));
    } catch {
      parts = undefined;
    }
    if (!Array.isArray(parts) || parts.length !== 5) {
      throw new KinesisApiError('InvalidArgumentException', 'Invalid ShardIterator.');
    }
    const [name, createdAt, shard, position, issuedAt] = parts as [
      string,
      number,
      number,
      number,
      number,
    ];
    const stream = this.#streams.get(name);
    if (!stream || stream.meta.createdAt !== createdAt) {
      throw new KinesisApiError(
        'ResourceNotFoundException',
        `Stream ${name} under account 000000000000 not found.`,
      );
    }
    if (Date.now() - issuedAt > ITERATOR_TTL_MS) {
      throw new KinesisApiError(
        'ExpiredIteratorException',
        `Iterator expired. The iterator was created at time ${new Date(issuedAt).toISOString()}`,
      );
    }
    return { stream, shard, position };
  }

  #createStream(input: Input): string {
    const name = String(input.StreamName ?? '');
    const shardCount = Number(input.ShardCount ?? 1);
    if (!STREAM_NAME.test(name)) {
      throw new KinesisApiError('ValidationException', `Invalid StreamName ${name}`);
    }
    if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > 10_000) {
      throw new KinesisApiError('ValidationException', `Invalid ShardCount ${input.ShardCount}`);
    }
    if (this.#streams.has(name)) {
      throw new KinesisApiError(
        'ResourceInUseException',
        `Stream ${name} under account 000000000000 already exists.`,
      );
    }
    // A stream re-created under the same name gets new sequence numbers: not older than the last.
    const latest = Math.max(0, ...[...this.#streams.values()].map((s) => s.meta.createdAt));
    const createdAt = Math.max(Math.floor(Date.now() / 1000), latest + 1);
    const meta: StreamMeta = { name, shardCount, createdAt };
    rmSync(this.#streamDir(name), { recursive: true, force: true });
    this.#streams.set(name, this.#open(meta));
    this.#save();
    return '{}';
  }

  #describe(stream: EmulatedStream, withShards: boolean): object {
    const { name, createdAt, shardCount } = stream.meta;
    return {
      StreamName: name,
      StreamARN: stream.arn,
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: createdAt,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
      ...(withShards
        ? { Shards: stream.shards(), HasMoreShards: false }
        : { OpenShardCount: shardCount, ConsumerCount: 0 }),
    };
  }

  #stream(input: Input): EmulatedStream {
    const name = String(input.StreamName ?? input.StreamARN ?? '').replace(/^arn:.*:stream\//, '');
    const stream = this.#streams.get(name);
    if (!stream) {
      throw new KinesisApiError(
        'ResourceNotFoundException',
        `Stream ${name} under account 000000000000 not found.`,
      );
    }
    return stream;
  }

  #open(meta: StreamMeta): EmulatedStream {
    return new EmulatedStream(meta, this.#streamDir(meta.name));
  }

  #streamDir(name: string): string {
    return join(this.#dir, 'streams', name);
  }

  #save(): void {
    const file = join(this.#dir, 'streams.json');
    const streams = [...this.#streams.values()].map((s) => s.meta);
    writeFileSync(`${file}.tmp`, `${JSON.stringify({ version: 1, streams }, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }
}

function iterator(stream: EmulatedStream, shard: number, position: number): string {
  const parts = [stream.meta.name, stream.meta.createdAt, shard, position, Date.now()];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function incomingRecord(value: unknown): IncomingRecord {
  const r = value as Partial<IncomingRecord> | null;
  if (
    !(typeof r?.Data === 'string' || Buffer.isBuffer(r?.Data)) ||
    typeof r.PartitionKey !== 'string' ||
    r.PartitionKey.length < 1 ||
    r.PartitionKey.length > 256 ||
    (r.ExplicitHashKey !== undefined && typeof r.ExplicitHashKey !== 'string')
  ) {
    throw new KinesisApiError(
      'ValidationException',
      'every record needs Data (base64) and a PartitionKey of 1 to 256 characters',
    );
  }
  // Kinesis refuses it too; stored, a tab or newline in it would break the shard file's lines.
  if (!isBase64(r.Data)) {
    throw new KinesisApiError('SerializationException', 'Data is not valid base64');
  }
  if (recordBytes(r as IncomingRecord) > MAX_RECORD_BYTES) {
    throw new KinesisApiError(
      'ValidationException',
      'a record (data and partition key) must be at most 1 MiB',
    );
  }
  return r as IncomingRecord;
}

/** Decoded data size plus the partition key's UTF-8 bytes, as Kinesis counts them. */
function recordBytes(record: IncomingRecord): number {
  const { Data: data } = record;
  const last = (from: number) =>
    typeof data === 'string' ? data.charCodeAt(data.length - from) : data[data.length - from];
  const padding = last(1) === EQUALS ? (last(2) === EQUALS ? 2 : 1) : 0;
  return (data.length * 3) / 4 - padding + Buffer.byteLength(record.PartitionKey);
}

const EQUALS = 0x3d;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** 1 for the bytes of the base64 alphabet; `=` is only allowed at the end. */
const BASE64_BYTES = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  BASE64_BYTES[c.charCodeAt(0)] = 1;
}

/** Base64 text or bytes: the alphabet, then at most two `=`, in whole groups of four. */
function isBase64(data: string | Buffer): boolean {
  if (data.length % 4 !== 0) return false;
  if (typeof data === 'string') return BASE64.test(data);
  let end = data.length;
  if (data[end - 1] === EQUALS) end--;
  if (data[end - 1] === EQUALS) end--;
  for (let i = 0; i < end; i++) if (BASE64_BYTES[data[i] as number] === 0) return false;
  return true;
}

/** One process per folder; a lock left by a process that is gone (a `kill -9`) is taken over. */
function takeLock(file: string): void {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const owner = Number(readFileSync(file, 'utf8'));
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new Error(`${file} is held by process ${owner} (lock)`);
  }
  unlinkSync(file);
  writeFileSync(file, String(process.pid), { flag: 'wx' });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
