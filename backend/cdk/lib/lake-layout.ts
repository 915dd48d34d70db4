/**
 * The lake's physical layout, derived from the event contract: Glue columns, the partition
 * path and everything that must agree with it. Writer (Firehose prefix) and reader (Athena
 * partition projection) both come from `LAKE_PARTITION_TEMPLATE`, because a drift between
 * them silently returns nothing (amazon-s3-userguide PR #97).
 */
import {
  LAKE_PARTITION_TEMPLATE,
  type LakeColumnType,
  lakeDataColumns,
  lakePartitionKeys,
} from '@clickstream/contract';

/** A Glue column as `AWS::Glue::Table` takes it. */
export interface GlueColumn {
  readonly name: string;
  readonly type: LakeColumnType;
  readonly comment?: string;
}

/** The Parquet columns, in contract order. */
export const glueDataColumns: readonly GlueColumn[] = lakeDataColumns.map((c) => ({
  name: c.name,
  type: c.type,
  ...(c.description ? { comment: c.description } : {}),
}));

/** Hive partition columns: zero-padded strings, as the stream processor stamps them. */
export const gluePartitionColumns: readonly GlueColumn[] = lakePartitionKeys.map((name) => ({
  name,
  type: 'string',
}));

/** Where events live in the lake bucket. */
export const EVENTS_PREFIX = 'events/';

/**
 * Firehose dynamic-partitioning prefix: `events/year=!{partitionKeyFromQuery:year}/…/`.
 * @see https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-s3bucketprefix.html
 */
export const firehoseDataPrefix = `${EVENTS_PREFIX}${LAKE_PARTITION_TEMPLATE.replace(
  /\$\{(\w+)\}/g,
  '!{partitionKeyFromQuery:$1}',
)}/`;

/** Firehose inline-parsing (JQ 1.6) queries: each partition key is a field of the record. */
export const firehosePartitionQueries: Readonly<Record<string, string>> = Object.fromEntries(
  lakePartitionKeys.map((k) => [k, `.${k}`]),
);

/** Digits of each zero-padded partition value (`year=2026/month=01/...`). */
const PARTITION_DIGITS: Readonly<Record<string, number>> = { year: 4, month: 2, day: 2, hour: 2 };
const PARTITION_RANGES: Readonly<Record<string, string>> = {
  month: '1,12',
  day: '1,31',
  hour: '0,23',
};

/**
 * Athena partition projection table parameters: no crawler, no `MSCK REPAIR`.
 * @param bucketName - the lake bucket
 * @param years - first and last year to project, e.g. `[2025, 2050]`
 * @returns Glue table parameters
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html
 * @example partitionProjection('lake-bucket', [2025, 2050])['storage.location.template']
 */
export function partitionProjection(
  bucketName: string,
  years: readonly [number, number],
): Record<string, string> {
  const params: Record<string, string> = {
    'projection.enabled': 'true',
    'storage.location.template': `s3://${bucketName}/${EVENTS_PREFIX}${LAKE_PARTITION_TEMPLATE}/`,
  };
  for (const key of lakePartitionKeys) {
    const digits = PARTITION_DIGITS[key];
    if (digits === undefined) throw new Error(`no projection digits for partition key ${key}`);
    params[`projection.${key}.type`] = 'integer';
    params[`projection.${key}.range`] = PARTITION_RANGES[key] ?? `${years[0]},${years[1]}`;
    params[`projection.${key}.digits`] = String(digits);
  }
  return params;
}

/** Presto type names of the contract's column types, for Athena view definitions. */
const PRESTO_TYPES: Readonly<Record<LakeColumnType, string>> = {
  string: 'varchar',
  boolean: 'boolean',
  int: 'integer',
  double: 'double',
};

/**
 * The deduplicating `events` view over the raw table, as the local lake's view does: the
 * stream is at-least-once, and a record Firehose or the processor delivers twice carries the
 * same `message_id` and the same receive-time partition. Deduplicating within the hour
 * partition lets Athena push partition filters through the window.
 *
 * @param database - Glue database
 * @param rawTable - the table Firehose writes
 * @returns the view's SQL
 */
export function dedupViewSql(database: string, rawTable: string): string {
  const columns = [...glueDataColumns, ...gluePartitionColumns].map((c) => `"${c.name}"`);
  return [
    `SELECT ${columns.join(', ')} FROM (`,
    `  SELECT *, row_number() OVER (PARTITION BY ${lakePartitionKeys.map((k) => `"${k}"`).join(', ')}, "message_id" ORDER BY "received_at") AS "rn"`,
    `  FROM "${database}"."${rawTable}"`,
    ') WHERE "rn" = 1',
  ].join('\n');
}

/**
 * Glue's encoding of an Athena (Presto) view: base64 JSON in `viewOriginalText`.
 * @param database - Glue database
 * @param sql - the view's SELECT
 * @returns the `viewOriginalText` value
 * @see https://docs.aws.amazon.com/athena/latest/ug/views.html
 */
export function prestoViewText(database: string, sql: string): string {
  const definition = {
    originalSql: sql,
    catalog: 'awsdatacatalog',
    schema: database,
    columns: [...glueDataColumns, ...gluePartitionColumns].map((c) => ({
      name: c.name,
      type: PRESTO_TYPES[c.type],
    })),
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition)).toString('base64')} */`;
}
