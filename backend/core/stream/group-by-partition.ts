import { type LakeRow, lakePartitionPath } from '@clickstream/contract';

/**
 * Groups rows by their lake partition path (`year=2026/month=11/day=25/hour=17`), the unit
 * each Parquet file covers.
 *
 * @param rows - rows in any order; order is kept within a partition
 * @returns partition path → rows, in first-seen order
 * @example groupByPartition(rows).get('year=2026/month=11/day=25/hour=17')
 * @see contract/src/lake-columns.ts `LAKE_PARTITION_TEMPLATE`
 */
export function groupByPartition<T extends LakeRow>(rows: Iterable<T>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const path = lakePartitionPath(row);
    const group = groups.get(path);
    if (group) group.push(row);
    else groups.set(path, [row]);
  }
  return groups;
}
