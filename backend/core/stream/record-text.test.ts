import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_TEXT_BYTES, RecordTextError, recordText } from './record-text';

const text = (data: Uint8Array) => Buffer.from(data).toString();

describe('recordText', () => {
  it('inflates gzip data to the newline-delimited rows it holds', () => {
    const rows = '{"a":1}\n{"a":2}';
    expect(text(recordText(gzipSync(rows)))).toBe(rows);
  });

  it('returns data that is not gzip as it is, without a copy (records written before compression)', () => {
    const data = new TextEncoder().encode('{"a":1}');
    expect(recordText(data)).toBe(data);
  });

  it('reads concatenated gzip members as one text, as RFC 1952 allows', () => {
    const data = Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"a":2}')]);
    expect(text(recordText(data))).toBe('{"a":1}\n{"a":2}');
  });

  it('refuses gzip data that is cut short, with the reason', () => {
    const cut = gzipSync('{"a":1}').subarray(0, 12);
    expect(() => recordText(cut)).toThrow(RecordTextError);
    expect(() => recordText(cut)).toThrow(/gzip record data does not inflate: unexpected end/);
  });

  it('refuses gzip data whose checksum does not match', () => {
    const data = gzipSync('{"a":1}');
    data[data.length - 8] = (data[data.length - 8] ?? 0) ^ 0xff;
    expect(() => recordText(data)).toThrow(RecordTextError);
  });

  it('refuses gzip data that inflates past the limit instead of inflating it whole', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_RECORD_TEXT_BYTES + 1, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => recordText(bomb)).toThrow(`inflates past ${MAX_RECORD_TEXT_BYTES} bytes`);
  });
});
