import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

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
   * @param lines - records formatted by `formatLine`.
   * @returns the position of each, in order.
   */
  append(lines: readonly string[]): number[] {
    const positions: number[] = [];
    let at = this.#size;
    for (const line of lines) {
      positions.push(at);
      at += Buffer.byteLength(line);
    }
    const bytes = Buffer.from(lines.join(''));
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(this.#fd, bytes, written, bytes.length - written);
    }
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

/**
 * @param arrivalMs - when the emulator received the record.
 * @param data - the record's `Data`, base64.
 * @param partitionKey - the record's `PartitionKey`.
 * @returns the record's line; JSON escapes tabs and newlines in the key, base64 has none.
 */
export function formatLine(arrivalMs: number, data: string, partitionKey: string): string {
  return `${arrivalMs}\t${data}\t${JSON.stringify(partitionKey)}\n`;
}
