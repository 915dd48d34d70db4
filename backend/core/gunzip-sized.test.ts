import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipSized } from './gunzip-sized';

const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, page: '/p'.repeat(300) }));
const text = rows.join('\n');

/** gzip data whose trailer claims `isize` bytes (the CRC still covers the real text). */
function withSize(data: Buffer, isize: number): Buffer {
  const out = Buffer.from(data);
  out.writeUInt32LE(isize, out.length - 4);
  return out;
}

describe('gunzipSized', () => {
  it('inflates to the text, in a buffer of about its size', () => {
    const out = gunzipSized(gzipSync(text), 1 << 20);
    expect(out.toString()).toBe(text);
    expect(out.buffer.byteLength).toBeLessThanOrEqual(out.length + 1);
  });

  it('inflates an empty text and the smallest texts', () => {
    for (const t of ['', 'a', '{}']) expect(gunzipSized(gzipSync(t), 100).toString()).toBe(t);
  });

  it('reads every member of concatenated gzip, where the trailer is the last one only', () => {
    const data = Buffer.concat([gzipSync(`${text}\n`), gzipSync('{"last":1}')]);
    expect(gunzipSized(data, 1 << 20).toString()).toBe(`${text}\n{"last":1}`);
  });

  it('refuses data whose trailer does not give its size, as gunzipSync does', () => {
    for (const isize of [10, text.length - 1, text.length + 1, 1 << 20]) {
      expect(() => gunzipSized(withSize(gzipSync(text), isize), 2 << 20)).toThrow(
        /incorrect length check/,
      );
    }
  });

  it('refuses text past the limit', () => {
    const data = gzipSync('x'.repeat(5000));
    expect(() => gunzipSized(data, 4999)).toThrow(
      expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }),
    );
    expect(gunzipSized(data, 5000).length).toBe(5000);
  });

  it('refuses data that is cut short or corrupt, as gunzipSync does', () => {
    const data = gzipSync(text);
    expect(() => gunzipSized(data.subarray(0, data.length - 6), 1 << 20)).toThrow(/unexpected end/);
    const corrupt = Buffer.from(data);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 8) ^ 0xff, corrupt.length - 8);
    expect(() => gunzipSized(corrupt, 1 << 20)).toThrow(/incorrect data check/);
  });
});
