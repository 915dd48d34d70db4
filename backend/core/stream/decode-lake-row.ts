import { type LakeRow, LakeRowSchema, lakePartitionKeys } from '@clickstream/contract';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { utcTimeParts } from './utc-time-parts';

const checker = TypeCompiler.Compile(LakeRowSchema);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export type DecodedRow =
  | { readonly ok: true; readonly row: LakeRow }
  | { readonly ok: false; readonly reason: string; readonly text: string };

/**
 * Decodes one line of a stream record (see `recordLines`) into a `LakeRow`, or says why it is
 * not one.
 *
 * Beyond the schema it checks what the lake relies on: UTC `Z` times (DuckDB and Trino
 * disagree on `date()` of offset times) and partition values that match `received_at`
 * (a row in the wrong partition is invisible to partition-pruned queries).
 *
 * @param data - the line's bytes, UTF-8 JSON
 * @returns the row, or a reason and the text for the bad-row sink
 * @example decodeLakeRow(new TextEncoder().encode(JSON.stringify(row)))
 * @see contract/src/event-contract.ts `LakeRowSchema`
 */
export function decodeLakeRow(data: Uint8Array): DecodedRow {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return {
      ok: false,
      reason: 'data is not valid UTF-8',
      text: Buffer.from(data).toString('base64'),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `data is not JSON: ${(err as Error).message}`, text };
  }
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First();
    const where = first?.path || '/';
    return { ok: false, reason: `not a LakeRow: ${where}: ${first?.message ?? 'invalid'}`, text };
  }
  if (!utcTimeParts(value.created_at)) {
    return { ok: false, reason: 'not a LakeRow: /created_at: not an ISO-8601 UTC time', text };
  }
  const expected = utcTimeParts(value.received_at);
  if (!expected) {
    return { ok: false, reason: 'not a LakeRow: /received_at: not an ISO-8601 UTC time', text };
  }
  for (let i = 0; i < lakePartitionKeys.length; i++) {
    const key = lakePartitionKeys[i] as 'year';
    if (value[key] !== expected[i]) {
      return {
        ok: false,
        reason: `not a LakeRow: /${key}: does not match received_at ${value.received_at}`,
        text,
      };
    }
  }
  return { ok: true, row: value };
}
