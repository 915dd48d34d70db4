/**
 * The lake's columns, derived from `LakeRowSchema`: the Parquet files, the Glue table, the
 * DuckDB view and the Firehose partition keys all read this list, never a copy of it.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { type LakeRow, LakeRowSchema } from './event-contract';

export type LakeColumnType = 'string' | 'boolean' | 'int' | 'double';

export interface LakeColumn {
  readonly name: keyof LakeRow & string;
  /** Glue / Hive type name. */
  readonly type: LakeColumnType;
  readonly nullable: boolean;
  /** Hive partition column: lives in the path (`year=2026/...`), not in the file. */
  readonly partition: boolean;
  readonly description?: string;
}

function baseType(schema: TSchema): { type: LakeColumnType; nullable: boolean; inner: TSchema } {
  if (schema[Kind] === 'Union') {
    const inner = (schema.anyOf as TSchema[]).find((s) => s[Kind] !== 'Null');
    if (!inner) throw new Error('lake column union without a non-null member');
    return { ...baseType(inner), nullable: true };
  }
  const kind = schema[Kind] as string;
  const type = (
    { String: 'string', Boolean: 'boolean', Integer: 'int', Number: 'double' } as const
  )[kind as 'String'];
  if (!type) throw new Error(`lake column of unsupported kind ${kind}`);
  return { type, nullable: false, inner: schema };
}

/** Every lake column in Parquet / Glue order, partition columns last. */
export const lakeColumns: readonly LakeColumn[] = Object.entries(LakeRowSchema.properties).map(
  ([name, schema]) => {
    const { type, nullable, inner } = baseType(schema);
    return {
      name: name as keyof LakeRow & string,
      type,
      nullable,
      partition: inner.partition === true,
      ...(inner.description ? { description: inner.description } : {}),
    };
  },
);

/** The columns stored inside the Parquet files. */
export const lakeDataColumns = lakeColumns.filter((c) => !c.partition);
/** `year, month, day, hour`: the Hive partition keys, from server receive time in UTC. */
export const lakePartitionKeys = lakeColumns.filter((c) => c.partition).map((c) => c.name);

/**
 * The partition path template shared by every writer and reader (local lake, Firehose
 * prefix, Athena partition projection): `year=${year}/month=${month}/day=${day}/hour=${hour}`.
 * One source, because a drift between writer and table silently returns nothing
 * (amazon-s3-userguide PR #97).
 */
export const LAKE_PARTITION_TEMPLATE = lakePartitionKeys.map((k) => `${k}=\${${k}}`).join('/');

/** Fills `LAKE_PARTITION_TEMPLATE` from a row's partition values. */
export function lakePartitionPath(row: Pick<LakeRow, 'year' | 'month' | 'day' | 'hour'>): string {
  return lakePartitionKeys.map((k) => `${k}=${row[k as 'year']}`).join('/');
}
