import {
  LAKE_PARTITION_TEMPLATE,
  lakeDataColumns,
  lakePartitionKeys,
  lakePartitionPath,
} from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import {
  dedupViewSql,
  firehoseDataPrefix,
  firehosePartitionQueries,
  glueDataColumns,
  gluePartitionColumns,
  partitionProjection,
  prestoViewText,
} from './lake-layout';

const row = { year: '2026', month: '01', day: '05', hour: '07' };

describe('lake layout', () => {
  it('takes the Glue columns from the contract, in Parquet order, partitions apart', () => {
    expect(glueDataColumns.map((c) => [c.name, c.type])).toEqual(
      lakeDataColumns.map((c) => [c.name, c.type]),
    );
    expect(gluePartitionColumns.map((c) => c.name)).toEqual(lakePartitionKeys);
    expect(gluePartitionColumns.every((c) => c.type === 'string')).toBe(true);
  });

  it('makes Firehose write exactly the path Athena projects, for the same row', () => {
    const written = firehoseDataPrefix.replace(
      /!\{partitionKeyFromQuery:(\w+)\}/g,
      (_m, key: string) => row[key as keyof typeof row],
    );
    const projected = partitionProjection('lake', [2025, 2075])
      ['storage.location.template']?.replace('s3://lake/', '')
      .replace(/\$\{(\w+)\}/g, (_m, key: string) => row[key as keyof typeof row]);
    expect(written).toBe(`events/${lakePartitionPath(row)}/`);
    expect(projected).toBe(written);
  });

  it('takes the partition keys from the fields the processor stamps', () => {
    expect(firehosePartitionQueries).toEqual({
      year: '.year',
      month: '.month',
      day: '.day',
      hour: '.hour',
    });
  });

  it('projects zero-padded integer partitions', () => {
    const params = partitionProjection('lake', [2025, 2075]);
    expect(params).toMatchObject({
      'projection.enabled': 'true',
      'projection.year.range': '2025,2075',
      'projection.year.digits': '4',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'projection.hour.range': '0,23',
    });
    expect(params['storage.location.template']).toBe(
      `s3://lake/events/${LAKE_PARTITION_TEMPLATE}/`,
    );
  });

  it('encodes the dedup view as Athena stores Presto views', () => {
    const text = prestoViewText('clickstream', dedupViewSql('clickstream', 'events_raw'));
    const encoded = /^\/\* Presto View: (.+) \*\/$/.exec(text)?.[1] ?? '';
    const view = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    expect(view.originalSql).toContain('FROM "clickstream"."events_raw"');
    expect(view.originalSql).toContain(
      'PARTITION BY "year", "month", "day", "hour", "message_id" ORDER BY "received_at"',
    );
    expect(view.columns).toHaveLength(lakeDataColumns.length + lakePartitionKeys.length);
    expect(view.columns).toContainEqual({ name: 'is_bot', type: 'boolean' });
    expect(view.columns).toContainEqual({ name: 'screen_width', type: 'integer' });
  });
});
