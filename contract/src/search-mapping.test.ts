import { describe, expect, it } from 'vitest';
import { lakeColumns } from './lake-columns';
import { searchMapping } from './search-mapping';

describe('search mapping derived from the contract', () => {
  it('indexes only lake columns, and refuses unknown fields', () => {
    const names = new Set(lakeColumns.map((c) => c.name as string));
    for (const field of Object.keys(searchMapping.properties)) expect(names).toContain(field);
    expect(searchMapping.dynamic).toBe('false');
  });

  it('maps times to dates, ids to keywords and the title to text', () => {
    expect(searchMapping.properties.created_at).toEqual({
      type: 'date',
      format: 'strict_date_optional_time',
    });
    expect(searchMapping.properties.received_at?.type).toBe('date');
    expect(searchMapping.properties.message_id).toEqual({ type: 'keyword', ignore_above: 1024 });
    expect(searchMapping.properties.title?.type).toBe('text');
    expect(searchMapping.properties.is_bot?.type).toBe('boolean');
  });

  it('keeps JSON blobs and raw user agents out of the index', () => {
    expect(searchMapping.properties.properties).toBeUndefined();
    expect(searchMapping.properties.user_agent).toBeUndefined();
  });
});
