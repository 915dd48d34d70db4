import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

interface SequenceParts {
  shardCreateTime: number;
  seqIx?: number | string;
  byte1?: string;
  seqTime?: number;
  shardIx?: number;
  version?: number | null;
}

/** kinesalite's `db` module: the functions its actions call through `db.<name>`. */
export interface KinesaliteDb {
  parseSequence(seq: string): SequenceParts;
  stringifySequence(parts: SequenceParts): string;
  partitionKeyToHashKey(partitionKey: string): { comparedTo(other: unknown): number };
}

const require = createRequire(import.meta.url);
const POW_2_124 = 1n << 124n;
const POW_2_124_NEXT = (1n << 125n) * 16n;
const POW_2_185 = 1n << 185n;
const POW_2_185_NEXT = POW_2_185 + (POW_2_185 >> 1n);
let original: KinesaliteDb | undefined;

/**
 * Replaces three hot helpers of kinesalite's `db` module with BigInt versions that return the
 * same values. The originals convert every record's md5 hash and sequence number between hex
 * and decimal with bignumber.js, which took ~30% of all CPU at 8k records/s in a profile of
 * `PutRecords` (toolchain.md's measured ceiling); with BigInt the emulator stops being the
 * bottleneck of the local ingest budget. Inputs outside the shapes `PutRecords` produces fall
 * back to the originals. Idempotent.
 *
 * @returns the original functions, for the test that checks both agree.
 * @example speedUpKinesalite(); const server = kinesalite({ path });
 * @see https://github.com/mhart/kinesalite/blob/v3.3.3/db/index.js
 */
export function speedUpKinesalite(): KinesaliteDb {
  const db = require('kinesalite/db') as KinesaliteDb;
  if (original) return original;
  const BigNumber = require('bignumber.js') as new (
    value: string,
  ) => {
    comparedTo(other: unknown): number;
  };
  original = {
    parseSequence: db.parseSequence,
    stringifySequence: db.stringifySequence,
    partitionKeyToHashKey: db.partitionKeyToHashKey,
  };
  const slow = original;

  // bignumber.js parses a decimal string cheaply; it is the base-16 conversion that is slow.
  db.partitionKeyToHashKey = (partitionKey) =>
    new BigNumber(
      BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`).toString(),
    );

  db.stringifySequence = (parts) => {
    if ((parts.version != null && parts.version !== 2) || !isIntegerLike(parts.seqIx ?? 0)) {
      return slow.stringifySequence(parts);
    }
    const hex = [
      '2',
      `00000000${Math.floor(parts.shardCreateTime / 1000).toString(16)}`.slice(-9),
      (parts.shardIx || 0).toString(16).slice(-1),
      `0000000000000000${BigInt(parts.seqIx || 0).toString(16)}`.slice(-16),
      parts.byte1 || '00',
      `00000000${Math.floor((parts.seqTime || parts.shardCreateTime) / 1000).toString(16)}`.slice(
        -9,
      ),
      `0000000${(parts.shardIx || 0).toString(16)}`.slice(-8),
      '2',
    ].join('');
    return BigInt(`0x${hex}`).toString();
  };

  db.parseSequence = (seq) => {
    if (typeof seq !== 'string' || !/^\d{1,80}$/.test(seq)) return slow.parseSequence(seq);
    let n = BigInt(seq);
    if (n < POW_2_124) n += POW_2_124;
    if (!(n > POW_2_185 && n < POW_2_185_NEXT) || n < POW_2_124_NEXT) {
      return slow.parseSequence(seq);
    }
    const hex = n.toString(16);
    if (hex.slice(-1) !== '2') return slow.parseSequence(seq);
    const seqIxHex = hex.slice(11, 27);
    let shardIxHex = hex.slice(38, 46);
    if (Number.parseInt(seqIxHex[0] ?? '0', 16) > 7) throw new Error('Sequence index too high');
    if (Number.parseInt(shardIxHex[0] ?? '0', 16) > 7) shardIxHex = `-${shardIxHex}`;
    const shardCreateSecs = Number.parseInt(hex.slice(1, 10), 16);
    if (shardCreateSecs >= 16025175000) throw new Error(`Date too large: ${shardCreateSecs}`);
    return {
      shardCreateTime: shardCreateSecs * 1000,
      seqIx: BigInt(`0x${seqIxHex}`).toString(),
      byte1: hex.slice(27, 29),
      seqTime: Number.parseInt(hex.slice(29, 38), 16) * 1000,
      shardIx: Number.parseInt(shardIxHex, 16),
      version: 2,
    };
  };
  return original;
}

function isIntegerLike(value: number | string): boolean {
  return typeof value === 'number' ? Number.isSafeInteger(value) : /^\d{1,40}$/.test(value);
}
