import { describe, expect, it } from 'vitest';
import { recordLines } from './record-lines';

const text = (data: Uint8Array) => recordLines(data).map((l) => new TextDecoder().decode(l));
const bytes = (s: string) => new TextEncoder().encode(s);

describe('recordLines', () => {
  it('reads a record from before aggregation, one JSON object without a newline, as one line', () => {
    expect(text(bytes('{"a":1}'))).toEqual(['{"a":1}']);
  });

  it('splits newline-delimited rows and ignores a trailing newline', () => {
    expect(text(bytes('{"a":1}\n{"a":"\\n"}'))).toEqual(['{"a":1}', '{"a":"\\n"}']);
    expect(text(bytes('{"a":1}\n{"a":2}\n'))).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('keeps empty lines in the middle and an empty record as lines, so they are reported', () => {
    expect(text(bytes('{"a":1}\n\n{"a":2}'))).toEqual(['{"a":1}', '', '{"a":2}']);
    expect(text(new Uint8Array())).toEqual(['']);
  });

  it('returns views of the record, not copies', () => {
    const data = bytes('{"a":1}\n{"a":2}');
    const [, second] = recordLines(data);
    expect(second?.buffer).toBe(data.buffer);
    expect(second?.byteOffset).toBe(8);
  });
});
