import {
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync,
  writevSync,
} from 'node:fs';

/**
 * One record as the shard log keeps it: the API's own encodings, so a read copies bytes and
 * never converts them.
 */
export interface StoredRecord {
  /** Byte offset of the record in its shard: the sequence number is made from it. */
  readonly position: number;
  readonly arrivalMs: number;
  /** `Data`, base64 as `PutRecords` sent it and `GetRecords` returns it. */
  readonly data: Buffer;
  /** `PartitionKey` as a JSON string literal, UTF-8. */
  readonly partitionKeyJson: Buffer;
}

/** A record to append: the API's own encodings. */
export interface AppendedRecord {
  /** `Data`, base64 as `PutRecords` sent it (validated: ASCII), as text or bytes. */
  readonly data: string | Uint8Array;
  readonly partitionKey: string;
}

/**
 * A record fits whole in one read: Kinesis caps a record (data + key) at 1 MiB, i.e. 1.4 MB
 * of base64 plus a key of at most 256 characters.
 */
const READ_BYTES = 4 * 1024 * 1024;
const NEWLINE = 10;
const TAB = 9;

/**
 * One shard's records in an append-only file, one line each:
 * `<arrival ms>\t<data base64>\t<partition key JSON>\n`.
 *
 * `append` returns only once the bytes are in the file (the kernel's page cache), so a record the
 * emulator acknowledged survives a `kill -9` of the process, as a record LevelDB logged does; not
 * a power loss, which is fine for a developer machine. A write cut short by a crash can only leave
 * an unacknowledged, incomplete last line: `open` cuts it off.
 *
 * Synchronous on purpose: the emulator runs on its own thread, a page-cache write of a few
 * hundred KB takes microseconds, and one call at a time keeps positions and reads consistent.
 *
 * @example const log = new ShardLog('.data/kinesis/events/shard-0.log');
 */
export class ShardLog {
  readonly #fd: number;
  #size: number;
  readonly #buffer = Buffer.allocUnsafe(READ_BYTES);

  /** @param path - the shard's file; created when missing. */
  constructor(path: string) {
    this.#fd = openSync(path, 'a+');
    this.#size = fstatSync(this.#fd).size;
    this.#cutIncompleteTail();
  }

  /** Bytes of complete records: the position the next record gets. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends records as lines `<arrival ms>\t<data base64>\t<partition key JSON>\n` with one
   * `writev` of the records' own bytes: formatting lines as strings and joining them copied every
   * byte twice more, and a buffer of the whole call was another copy; once records carry a
   * request's events (`toStreamEntries`) these copies were most of `PutRecords`' CPU.
   *
   * @param arrivalMs - when the emulator received the records.
   * @param records - `Data` (base64, validated: ASCII) and `PartitionKey` of each; JSON escapes
   *   tabs and newlines in the key, base64 has none.
   * @returns the position of each, in order.
   */
  append(arrivalMs: number, records: readonly AppendedRecord[]): number[] {
    const prefix = Buffer.from(`${arrivalMs}\t`);
    const parts: Uint8Array[] = [];
    const positions: number[] = [];
    let at = this.#size;
    for (const record of records) {
      const data =
        typeof record.data === 'string' ? Buffer.from(record.data, 'latin1') : record.data;
      const suffix = Buffer.from(`\t${JSON.stringify(record.partitionKey)}\n`);
      positions.push(at);
      parts.push(prefix, data, suffix);
      at += prefix.length + data.length + suffix.length;
    }
    writeAll(this.#fd, parts);
    this.#size = at;
    return positions;
  }

  /**
   * @param position - where to start: 0, the size, or a record's position.
   * @param limit - records at most.
   * @returns the records from `position` on, and where the next read starts. Their bytes are
   *   views of a buffer the next `read` overwrites: copy them out before.
   */
  read(position: number, limit: number): { records: StoredRecord[]; next: number } {
    const records: StoredRecord[] = [];
    const buffer = this.#buffer;
    const length = Math.min(this.#size - position, READ_BYTES);
    if (length <= 0 || limit <= 0) return { records, next: position };
    const got = readSync(this.#fd, buffer, 0, length, position);
    let start = 0;
    while (records.length < limit) {
      const end = buffer.indexOf(NEWLINE, start);
      if (end === -1 || end >= got) break;
      const tab1 = buffer.indexOf(TAB, start);
      const tab2 = buffer.indexOf(TAB, tab1 + 1);
      records.push({
        position: position + start,
        arrivalMs: Number(buffer.toString('latin1', start, tab1)),
        data: buffer.subarray(tab1 + 1, tab2),
        partitionKeyJson: buffer.subarray(tab2 + 1, end),
      });
      start = end + 1;
    }
    return { records, next: position + start };
  }

  /** @returns whether a record starts at `position` (a sequence number from elsewhere does not). */
  isRecordStart(position: number): boolean {
    if (!Number.isSafeInteger(position) || position < 0 || position >= this.#size) return false;
    if (position === 0) return true;
    const byte = Buffer.allocUnsafe(1);
    readSync(this.#fd, byte, 0, 1, position - 1);
    return byte[0] === NEWLINE;
  }

  close(): void {
    closeSync(this.#fd);
  }

  /** A crash mid-`append` can leave part of a line, never acknowledged: drop it. */
  #cutIncompleteTail(): void {
    let end = this.#size;
    while (end > 0) {
      const from = Math.max(0, end - READ_BYTES);
      const got = readSync(this.#fd, this.#buffer, 0, end - from, from);
      const last = this.#buffer.lastIndexOf(NEWLINE, got - 1);
      if (last !== -1) {
        end = from + last + 1;
        break;
      }
      end = from;
    }
    if (end !== this.#size) {
      ftruncateSync(this.#fd, end);
      this.#size = end;
    }
  }
}

/** Buffers per `writev` call: Linux's `IOV_MAX`. */
const IOV_MAX = 1024;

/** Writes every part, in order, at the end of the file (it is opened to append). */
function writeAll(fd: number, parts: readonly Uint8Array[]): void {
  for (let i = 0; i < parts.length; i += IOV_MAX) {
    const group = parts.slice(i, i + IOV_MAX);
    let length = 0;
    for (const part of group) length += part.length;
    const written = writevSync(fd, group);
    // Rare for a regular file (a full disk): write the rest as one buffer.
    if (written < length) {
      const rest = Buffer.concat(group).subarray(written);
      for (let done = 0; done < rest.length; ) {
        done += writeSync(fd, rest, done, rest.length - done);
      }
    }
  }
}
