import { describe, expect, it } from 'vitest';
import { makeLakeRow } from './fixtures/make-lake-row';
import { classifyBulkItems, toBadBulkLines, toBulkLines } from './search-bulk';

describe('toBulkLines', () => {
  it('indexes each row under its message_id so a replay overwrites instead of duplicating', () => {
    const row = makeLakeRow();
    expect(toBulkLines([row], 'events')).toEqual([
      { index: { _index: 'events', _id: row.message_id } },
      row,
    ]);
  });
});

describe('toBadBulkLines', () => {
  it('keeps the whole row as a string with the reason', () => {
    const row = makeLakeRow();
    const [action, doc] = toBadBulkLines(
      [{ row, reason: 'mapper_parsing_exception: x' }],
      'events-bad',
    );
    expect(action).toEqual({ index: { _index: 'events-bad', _id: row.message_id } });
    expect(doc).toMatchObject({ reason: 'mapper_parsing_exception: x', row: JSON.stringify(row) });
  });
});

describe('classifyBulkItems', () => {
  it('sends mapping and parsing errors to the bad index and retries throttling and server errors', () => {
    const outcome = classifyBulkItems([
      { index: { status: 201 } },
      { index: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad date' } } },
      {
        index: { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'busy' } },
      },
      { index: { status: 503, error: { type: 'unavailable_shards_exception' } } },
      { index: { status: 400, error: { type: 'document_parsing_exception', reason: null } } },
    ]);
    expect(outcome.retry).toEqual([2, 3]);
    expect(outcome.permanent).toEqual([
      { position: 1, reason: 'mapper_parsing_exception: bad date' },
      { position: 4, reason: 'document_parsing_exception:' },
    ]);
  });
});
