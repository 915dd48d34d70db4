import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, placeholderIndex, splitRecordData } from './split-record-data';

/** What the SDK makes of a split answer: the skeleton parsed, each `Data` put back. */
function reassemble(body: string): unknown {
  const split = splitRecordData(Buffer.from(body));
  if (!split) return undefined;
  const answer = JSON.parse(split.skeleton.toString());
  for (const record of answer.Records ?? []) {
    if (typeof record.Data === 'string') {
      const placeholder = Buffer.from(record.Data, 'base64');
      record.Data = split.data[placeholderIndex(placeholder, split.data.length)]?.toString('hex');
    }
  }
  return answer;
}

/** The same answer read whole, as the SDK does without the split. */
function whole(body: string): unknown {
  const answer = JSON.parse(body);
  for (const record of answer.Records ?? []) {
    record.Data = Buffer.from(record.Data, 'base64').toString('hex');
  }
  return answer;
}

describe('splitRecordData', () => {
  it('takes each record’s data out, decoded, and leaves the rest of the answer as it was', () => {
    const body = JSON.stringify({
      Records: [
        { SequenceNumber: '1', Data: Buffer.from('{"a":1}\n{"a":2}').toString('base64') },
        { Data: '', PartitionKey: 'Data', SequenceNumber: '2' },
      ],
      NextShardIterator: 'it',
      MillisBehindLatest: 0,
    });
    const split = splitRecordData(Buffer.from(body));
    expect(split?.data.map((d) => d.toString())).toEqual(['{"a":1}\n{"a":2}', '']);
    expect(JSON.parse(split?.skeleton.toString() ?? '')).toEqual({
      Records: [
        { SequenceNumber: '1', Data: 'MA==' },
        { Data: 'MQ==', PartitionKey: 'Data', SequenceNumber: '2' },
      ],
      NextShardIterator: 'it',
      MillisBehindLatest: 0,
    });
  });

  it('reads keys with whitespace around their colon', () => {
    const body = '{ "Records" : [ { "Data" :\n "aGk=" , "SequenceNumber" : "1" } ] }';
    expect(splitRecordData(Buffer.from(body))?.data.map(String)).toEqual(['hi']);
  });

  it('leaves to the SDK an answer with escapes, non-string data or data that is not base64', () => {
    for (const body of [
      '{"Records":[{"Data":"aGk=","PartitionKey":"a\\"b"}]}',
      '{"Records":[{"\\u0044ata":"aGk="}]}',
      '{"Records":[{"Data":null}]}',
      '{"Records":[{"Data":"aGk"}]}',
      '{"Records":[{"Data":"a-k="}]}',
      '{"Records":[{"Data":"aGk=',
    ]) {
      expect(splitRecordData(Buffer.from(body))).toBeUndefined();
    }
  });

  it('refuses a placeholder that is not an index of the split', () => {
    expect(() => placeholderIndex(Buffer.from('2'), 2)).toThrow(/placeholder/);
    expect(() => placeholderIndex(Buffer.from('x'), 2)).toThrow(/placeholder/);
  });

  it('gives what reading the whole answer gives, for any records', () => {
    const record = fc.record(
      {
        Data: fc.uint8Array({ maxLength: 64 }).map((d) => Buffer.from(d).toString('base64')),
        SequenceNumber: fc.stringMatching(/^\d{1,56}$/),
        PartitionKey: fc.string({ maxLength: 20 }),
        ApproximateArrivalTimestamp: fc.double({ noNaN: true, noDefaultInfinity: true }),
      },
      { requiredKeys: ['Data'] },
    );
    const answer = fc.record({
      Records: fc.array(record, { maxLength: 8 }),
      NextShardIterator: fc.string({ maxLength: 20 }),
      MillisBehindLatest: fc.nat(),
    });
    fc.assert(
      fc.property(answer, fc.boolean(), (value, pretty) => {
        const body = JSON.stringify(value, null, pretty ? 2 : undefined);
        const split = reassemble(body);
        // Any answer the scan takes apart comes back whole; escapes are left to the SDK.
        if (body.includes('\\')) expect(split).toBeUndefined();
        else expect(split).toEqual(whole(body));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeBase64', () => {
  /** `fromBase64` of `@smithy/util-base64` 4.x, which the SDK decodes `Data` with. */
  const sdkAccepts = (text: string) =>
    (text.length * 3) % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

  it('accepts exactly what the SDK accepts, and decodes it as the SDK does', () => {
    const char = fc.constantFrom(...'ABCab01+/=-_ \n,.é\u0000'.split(''));
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 30 }).map((d) => Buffer.from(d).toString('base64')),
      fc.array(char, { maxLength: 16 }).map((c) => c.join('')),
      fc.string({ unit: 'binary-ascii', maxLength: 16 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        const decoded = decodeBase64(t);
        expect(decoded !== undefined).toBe(sdkAccepts(t));
        if (decoded) expect(decoded).toEqual(Buffer.from(t, 'base64'));
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses every single-character change to valid base64 that the SDK refuses', () => {
    for (const valid of ['QUJD', 'QUI=', 'QQ==', 'QUJDRA==']) {
      for (let at = 0; at < valid.length; at++) {
        for (let code = 0; code < 256; code++) {
          const text = valid.slice(0, at) + String.fromCharCode(code) + valid.slice(at + 1);
          expect(decodeBase64(text) !== undefined).toBe(sdkAccepts(text));
        }
      }
    }
  });
});
