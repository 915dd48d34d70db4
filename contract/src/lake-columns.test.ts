import { describe, expect, it } from 'vitest';
import { LakeRowSchema } from './event-contract';
import {
  LAKE_PARTITION_TEMPLATE,
  lakeColumns,
  lakeDataColumns,
  lakePartitionKeys,
  lakePartitionPath,
} from './lake-columns';

describe('lake columns derived from the contract', () => {
  it('lists every LakeRow field once, in schema order', () => {
    expect(lakeColumns.map((c) => c.name)).toEqual(Object.keys(LakeRowSchema.properties));
  });

  it('has every column the analysts and the issue name', () => {
    const names = lakeColumns.map((c) => c.name);
    for (const required of [
      'message_id',
      'type',
      'event',
      'user_id',
      'anonymous_id',
      'session_id',
      'created_at',
      'received_at',
      'sent_at',
      'page_url',
      'page_path',
      'referrer',
      'title',
      'utm_source',
      'utm_medium',
      'utm_campaign',
      'utm_term',
      'utm_content',
      'user_agent',
      'locale',
      'ip',
      'is_bot',
      'client_timestamp',
      'properties',
      'traits',
      'year',
      'month',
      'day',
      'hour',
    ]) {
      expect(names).toContain(required);
    }
  });

  it('maps schema kinds to Glue types and marks nullability', () => {
    const byName = Object.fromEntries(lakeColumns.map((c) => [c.name, c]));
    expect(byName.message_id).toMatchObject({ type: 'string', nullable: false });
    expect(byName.event).toMatchObject({ type: 'string', nullable: true });
    expect(byName.is_bot).toMatchObject({ type: 'boolean', nullable: false });
    expect(byName.screen_width).toMatchObject({ type: 'int', nullable: true });
  });

  it('makes year/month/day/hour the partition keys, outside the data columns', () => {
    expect(lakePartitionKeys).toEqual(['year', 'month', 'day', 'hour']);
    expect(lakeDataColumns.some((c) => c.partition)).toBe(false);
    expect(lakeDataColumns.length + lakePartitionKeys.length).toBe(lakeColumns.length);
  });

  it('builds partition paths from the one template', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's template syntax, not JS.
    expect(LAKE_PARTITION_TEMPLATE).toBe('year=${year}/month=${month}/day=${day}/hour=${hour}');
    expect(lakePartitionPath({ year: '2026', month: '01', day: '09', hour: '23' })).toBe(
      'year=2026/month=01/day=09/hour=23',
    );
  });
});
