import { type LakeColumnType, lakeDataColumns, lakePartitionKeys } from '@clickstream/contract';

/** DuckDB types of the Glue types, as Firehose's Parquet conversion writes them. */
export const DUCKDB_TYPES: Readonly<Record<LakeColumnType, string>> = {
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  double: 'DOUBLE',
};

/** A SQL string literal. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A SQL identifier. */
export const sqlIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `"message_id", "type", ...`: the columns stored in the Parquet files, in Glue order. */
export const DATA_COLUMN_LIST = lakeDataColumns.map((c) => sqlIdent(c.name)).join(', ');

/**
 * `{'year': 'VARCHAR', ...}` for `read_parquet`: partition values are zero-padded strings
 * (`month=01`, as Firehose writes them); DuckDB's type detection would otherwise read them as
 * integers in one folder and strings in another (toolchain.md).
 */
export const HIVE_TYPES = `{${lakePartitionKeys.map((k) => `${sqlString(k)}: 'VARCHAR'`).join(', ')}}`;
