import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Analytics, type AnalyticsProps } from './analytics';
import { Edge, type EdgeProps } from './edge';
import { Ingest, type IngestProps, type SiteProps } from './ingest';
import { Keys } from './keys';
import { Lake, type LakeProps } from './lake';
import { Network, type NetworkProps } from './network';
import { Observability } from './observability';
import { secureBucket } from './private/secure-bucket';
import { QuickSight } from './quick-sight';
import { Search, type SearchProps } from './search';
import { Stream, type StreamProps } from './stream';
import { Warehouse, type WarehouseProps } from './warehouse';

type Shared = 'key' | 'vpc' | 'subnets' | 'accessLogs';

export interface ClickstreamPipelineProps {
  /** Sites that may send events: write keys and allowed origins. At least one. */
  readonly sites: readonly SiteProps[];
  /**
   * OpenSearch + Dashboards for near-real-time views; `false` leaves it out (lake only).
   * @default {} (deployed with the Search defaults)
   */
  readonly search?: Omit<SearchProps, Shared> | false;
  /**
   * Redshift Serverless over the lake; `false` leaves it out.
   * @default {} (deployed; costs nothing while no query runs, apart from storage)
   */
  readonly warehouse?: Omit<WarehouseProps, Shared | 'lakeBucket' | 'databaseName'> | false;
  /**
   * QuickSight data source and data sets; needs a QuickSight subscription, so off unless an
   * owner is given.
   * @default undefined (not deployed)
   */
  readonly quickSight?: { readonly ownerArn: string };
  readonly network?: NetworkProps;
  readonly lake?: Omit<LakeProps, Shared>;
  readonly stream?: Omit<StreamProps, Shared | 'deliveryStream' | 'search'>;
  readonly ingest?: Omit<IngestProps, Shared | 'stream' | 'sites'>;
  readonly edge?: Omit<EdgeProps, 'ingestFunction' | 'cdnLogs'>;
  readonly analytics?: Omit<AnalyticsProps, Shared | 'databaseName'>;
  /**
   * E-mail subscribed to the alarm topic.
   * @default undefined
   */
  readonly alarmEmail?: string;
  /**
   * Retention of every log group the pipeline creates.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Days server access logs and CloudFront logs are kept.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
  /**
   * What happens to data stores (key, buckets, stream, queues, domain, user pool) on stack
   * deletion. Keeping them is the safe default; DESTROY is for throwaway environments.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The whole Clickstream pipeline on AWS, droppable into any CDK app:
 * CloudFront → WAF → REST API → ingest Lambda → Kinesis → stream processor → Firehose
 * (Parquet lake, Glue, Athena) and OpenSearch, with Redshift Serverless, QuickSight and
 * CloudWatch alarms around it, all in a VPC without NAT.
 */
export class ClickstreamPipeline extends Construct {
  public readonly keys: Keys;
  public readonly network: Network;
  public readonly accessLogs: s3.Bucket;
  public readonly lake: Lake;
  public readonly search: Search | undefined;
  public readonly stream: Stream;
  public readonly ingest: Ingest;
  public readonly edge: Edge;
  public readonly analytics: Analytics;
  public readonly warehouse: Warehouse | undefined;
  public readonly quickSight: QuickSight | undefined;
  public readonly observability: Observability;

  constructor(scope: Construct, id: string, props: ClickstreamPipelineProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const warehouseEnabled = props.warehouse !== false;

    this.keys = new Keys(this, 'Keys', { removalPolicy });
    const key = this.keys.dataKey;
    this.network = new Network(this, 'Network', {
      ...(warehouseEnabled ? {} : { maxAzs: 2 }),
      flowLogRetention: logRetention,
      ...props.network,
      extraEndpoints: [
        ...(props.network?.extraEndpoints ?? []),
        // Spectrum with enhanced VPC routing reaches the Glue catalog through the VPC.
        ...(warehouseEnabled ? [ec2.InterfaceVpcEndpointAwsService.GLUE] : []),
      ],
    });
    const { vpc, workloadSubnets } = this.network;

    // Server access logs (S3) and CloudFront standard logs, which are written with ACLs.
    this.accessLogs = secureBucket(this, 'AccessLogs', {
      encryptionKey: undefined,
      accessLogs: undefined,
      expireAfterDays: props.accessLogRetentionDays ?? 90,
      removalPolicy,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
    });

    this.lake = new Lake(this, 'Lake', {
      logRetention,
      removalPolicy,
      ...props.lake,
      key,
      accessLogs: this.accessLogs,
    });
    this.search =
      props.search === false
        ? undefined
        : new Search(this, 'Search', {
            logRetention,
            removalPolicy,
            ...props.search,
            key,
            vpc,
            subnets: workloadSubnets,
          });
    this.stream = new Stream(this, 'Stream', {
      logRetention,
      removalPolicy,
      ...props.stream,
      key,
      vpc,
      subnets: workloadSubnets,
      deliveryStream: this.lake.deliveryStream,
      ...(this.search ? { search: this.search } : {}),
    });
    this.ingest = new Ingest(this, 'Ingest', {
      logRetention,
      removalPolicy,
      ...props.ingest,
      key,
      vpc,
      subnets: workloadSubnets,
      stream: this.stream.stream,
      sites: props.sites,
    });
    this.edge = new Edge(this, 'Edge', {
      logRetention,
      ...props.edge,
      ingestFunction: this.ingest.function,
      cdnLogs: this.accessLogs,
    });

    this.analytics = new Analytics(this, 'Analytics', {
      removalPolicy,
      ...props.analytics,
      key,
      accessLogs: this.accessLogs,
      databaseName: this.lake.databaseName,
    });
    this.warehouse =
      props.warehouse === false
        ? undefined
        : new Warehouse(this, 'Warehouse', {
            ...props.warehouse,
            key,
            vpc,
            subnets: this.network.isolatedSubnets,
            lakeBucket: this.lake.bucket,
            databaseName: this.lake.databaseName,
          });
    this.quickSight = props.quickSight
      ? new QuickSight(this, 'QuickSight', {
          workGroupName: this.analytics.workGroup.ref,
          ownerArn: props.quickSight.ownerArn,
        })
      : undefined;

    this.observability = new Observability(this, 'Observability', {
      key,
      api: this.edge.api,
      ingestFunction: this.ingest.function,
      processor: this.stream.processor,
      stream: this.stream.stream,
      deliveryStream: this.lake.deliveryStream,
      deadLetterQueue: this.ingest.deadLetterQueue,
      failureQueue: this.stream.failureQueue,
      ...(this.search ? { domain: this.search.domain } : {}),
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
  }
}
