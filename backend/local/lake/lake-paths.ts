import { join } from 'node:path';
import { LAKE_PARTITION_TEMPLATE, lakePartitionKeys } from '@clickstream/contract';

/** Where the local lake keeps what, under the runtime's data folder. */
export interface LakePaths {
  /** `<dataDir>/lake/events`: the Hive-partitioned Parquet table, as in S3. */
  readonly events: string;
  /** Files being written; renamed into `events` once complete and synced. */
  readonly staging: string;
  /** Files replaced by compaction, deleted after a grace period (queries may still read them). */
  readonly trash: string;
  /**
   * `<dataDir>/lake/_ids`: the query side's message-id index of each data file (see
   * `messageIdIndexes`), outside `events` so no query of the table reads it.
   */
  readonly ids: string;
  /** `<dataDir>/checkpoints`: the consumer's sequence number per shard. */
  readonly checkpoints: string;
  /** `<dataDir>/dlq/stream`: stream records that are not `LakeRow`s, NDJSON with reasons. */
  readonly malformed: string;
  /** Glob of every Parquet file of the table, one `*` per partition level. */
  readonly eventsGlob: string;
}

/**
 * The local lake's folders.
 *
 * @param dataDir - the runtime's data folder (`CLICKSTREAM_DATA_DIR`)
 * @example lakePaths('.data').events // '.data/lake/events'
 */
export function lakePaths(dataDir: string): LakePaths {
  const lake = join(dataDir, 'lake');
  const events = join(lake, 'events');
  let partitionGlob = LAKE_PARTITION_TEMPLATE;
  for (const key of lakePartitionKeys) partitionGlob = partitionGlob.replace(`\${${key}}`, '*');
  return {
    events,
    staging: join(lake, '.staging'),
    trash: join(lake, '.trash'),
    ids: join(lake, '_ids'),
    checkpoints: join(dataDir, 'checkpoints'),
    malformed: join(dataDir, 'dlq', 'stream'),
    eventsGlob: join(events, partitionGlob, '*.parquet'),
  };
}
