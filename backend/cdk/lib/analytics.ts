import { RemovalPolicy } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type AnalyticsQuery, loadAnalyticsQueries } from './private/analytics-queries';
import { secureBucket } from './private/secure-bucket';

export interface AnalyticsProps {
  readonly key: kms.IKey;
  readonly accessLogs: s3.IBucket;
  /** Glue database the named queries run in. */
  readonly databaseName: string;
  /**
   * Queries to register; by default every `backend/analytics/*.sql` file.
   * @default loadAnalyticsQueries()
   */
  readonly queries?: readonly AnalyticsQuery[];
  /**
   * Per-query scan limit: a runaway query stops here instead of on the bill ($5/TB).
   * @default 10 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Days query results are kept.
   * @default 30
   */
  readonly resultRetentionDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Athena over the lake: a workgroup whose settings users cannot override (KMS-encrypted
 * results, a bytes-scanned cutoff, CloudWatch metrics) and the analysts' SQL files as named
 * queries.
 */
export class Analytics extends Construct {
  public readonly workGroup: athena.CfnWorkGroup;
  public readonly resultsBucket: s3.Bucket;
  public readonly namedQueries: readonly athena.CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    this.resultsBucket = secureBucket(this, 'Results', {
      encryptionKey: props.key,
      accessLogs: props.accessLogs,
      accessLogsPrefix: 'athena-results/',
      expireAfterDays: props.resultRetentionDays ?? 30,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${props.databaseName}-${this.node.addr.slice(0, 8)}`,
      description: 'Clickstream analytics',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 10 * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'AUTO' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: {
            encryptionOption: 'SSE_KMS',
            kmsKey: props.key.keyArn,
          },
        },
      },
    });
    this.namedQueries = (props.queries ?? loadAnalyticsQueries()).map((query) => {
      const named = new athena.CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: query.description || `backend/analytics/${query.name}.sql`,
        database: props.databaseName,
        queryString: query.sql,
        workGroup: this.workGroup.ref,
      });
      named.node.addDependency(this.workGroup);
      return named;
    });
  }
}
