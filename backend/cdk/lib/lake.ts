import { Aws, Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  dedupViewSql,
  EVENTS_PREFIX,
  firehoseDataPrefix,
  firehosePartitionQueries,
  glueDataColumns,
  gluePartitionColumns,
  partitionProjection,
  prestoViewText,
} from './lake-layout';
import { logicalIdOf } from './private/logical-id-of';
import { secureBucket } from './private/secure-bucket';

export interface LakeProps {
  /** Encrypts the lake bucket, the delivery stream and its output. */
  readonly key: kms.IKey;
  /** Receives the lake bucket's server access logs. */
  readonly accessLogs: s3.IBucket;
  /**
   * Glue database name.
   * @default 'clickstream'
   */
  readonly databaseName?: string;
  /**
   * Glue table Firehose writes (duplicates included).
   * @default 'events_raw'
   */
  readonly rawTableName?: string;
  /**
   * The deduplicated view the analysts' SQL reads, as `clickstream.events` locally.
   * @default 'events'
   */
  readonly viewName?: string;
  /**
   * Delete events older than this many days; `undefined` keeps them forever.
   * @default undefined
   */
  readonly retentionDays?: number;
  /**
   * Delete Firehose error output (records that failed conversion) after this many days.
   * @default 30
   */
  readonly errorRetentionDays?: number;
  /**
   * How long Firehose buffers before writing a Parquet file. Shorter is fresher but makes more
   * small files; with dynamic partitioning the delay is up to ~1.5× this. Live views come from
   * OpenSearch, so the lake favours fewer, larger files.
   * @default Duration.seconds(120)
   */
  readonly bufferInterval?: Duration;
  /**
   * Buffer size. Parquet conversion needs at least 64 MiB.
   * @default Size.mebibytes(64)
   */
  readonly bufferSize?: Size;
  /**
   * Years the Athena partition projection covers.
   * @default [2025, 2075]
   */
  readonly projectedYears?: readonly [number, number];
  /**
   * Log retention of the delivery stream's error log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The data lake: a KMS-encrypted S3 bucket of Parquet files partitioned
 * `year=/month=/day=/hour=` (server receive time, UTC), the Glue table generated from the
 * event contract with Athena partition projection, and the Firehose stream that writes it.
 */
export class Lake extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly database: glue.CfnDatabase;
  public readonly table: glue.CfnTable;
  public readonly deliveryStream: firehose.DeliveryStream;
  public readonly view: glue.CfnTable;
  public readonly databaseName: string;
  public readonly rawTableName: string;
  public readonly viewName: string;

  constructor(scope: Construct, id: string, props: LakeProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.databaseName = props.databaseName ?? 'clickstream';
    this.rawTableName = props.rawTableName ?? 'events_raw';
    this.viewName = props.viewName ?? 'events';

    this.bucket = secureBucket(this, 'Bucket', {
      encryptionKey: props.key,
      accessLogs: props.accessLogs,
      accessLogsPrefix: 'lake/',
      removalPolicy,
      ...(props.retentionDays ? { expireAfterDays: props.retentionDays } : {}),
    });
    this.bucket.addLifecycleRule({
      id: 'ExpireErrorOutput',
      prefix: 'errors/',
      expiration: Duration.days(props.errorRetentionDays ?? 30),
    });

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description: 'Clickstream events (generated from @clickstream/contract)',
      },
    });
    this.table = new glue.CfnTable(this, 'EventsTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: this.rawTableName,
        description:
          'Every delivered record (at-least-once); partitions from server receive time (UTC).',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'parquet.compression': 'SNAPPY',
          ...partitionProjection(this.bucket.bucketName, props.projectedYears ?? [2025, 2075]),
        },
        partitionKeys: [...gluePartitionColumns],
        storageDescriptor: {
          columns: [...glueDataColumns],
          location: `s3://${this.bucket.bucketName}/${EVENTS_PREFIX}`,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          },
        },
      },
    });
    this.table.node.addDependency(this.database);
    this.view = new glue.CfnTable(this, 'EventsView', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: this.viewName,
        description: 'One row per message_id and hour partition; what the analytics SQL reads.',
        tableType: 'VIRTUAL_VIEW',
        parameters: { presto_view: 'true', comment: 'Presto View' },
        viewOriginalText: prestoViewText(
          this.databaseName,
          dedupViewSql(this.databaseName, this.rawTableName),
        ),
        viewExpandedText: '/* Presto View */',
        partitionKeys: [],
        storageDescriptor: {
          columns: [...glueDataColumns, ...gluePartitionColumns],
          serdeInfo: {},
        },
      },
    });
    this.view.node.addDependency(this.table);

    const errorLogs = new logs.LogGroup(this, 'DeliveryErrors', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deliveryStream = new firehose.DeliveryStream(this, 'DeliveryStream', {
      encryption: firehose.StreamEncryption.customerManagedKey(props.key),
      destination: new firehose.S3Bucket(this.bucket, {
        encryptionKey: props.key,
        bufferingInterval: props.bufferInterval ?? Duration.seconds(120),
        bufferingSize: props.bufferSize ?? Size.mebibytes(64),
        dataOutputPrefix: firehoseDataPrefix,
        // Firehose requires an error prefix with dynamic partitioning; the error type in the
        // path tells conversion failures from partitioning failures.
        errorOutputPrefix:
          'errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/',
        dynamicPartitioning: { enabled: true, retryDuration: Duration.seconds(300) },
        processors: [firehose.MetadataExtractionProcessor.jq16({ ...firehosePartitionQueries })],
        dataFormatConversion: {
          schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(this.table),
          inputFormat: firehose.InputFormat.OPENX_JSON,
          outputFormat: firehose.OutputFormat.PARQUET,
        },
        loggingConfig: new firehose.EnableLogging(errorLogs),
      }),
    });
    const firehoseGrants =
      'Generated by the Firehose L2 for its service roles: scoped to the lake bucket and the data key, the minimum Firehose documents for S3 delivery with KMS (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3)';
    for (const finding of [
      'Action::kms:GenerateDataKey*',
      'Action::kms:ReEncrypt*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      `Resource::<${logicalIdOf(this.bucket)}.Arn>/*`,
    ]) {
      Validations.of(this.deliveryStream).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: firehoseGrants,
      });
    }
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'glue:GetSchemaVersion only, added by the Firehose L2 for format conversion; it reads schema-registry metadata, no data, and has no resource-level scoping',
    });
  }
}
