import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PipelineFunction } from './private/pipeline-function';
import type { Search } from './search';

/** Where the stream processor's handler lives (written with the local pipeline). */
export const STREAM_PROCESSOR_ENTRY = 'backend/lambda/stream-processor/handler.ts';

export interface StreamProps {
  readonly key: kms.IKey;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  /** The lake's delivery stream the processor writes to. */
  readonly deliveryStream: firehose.IDeliveryStream;
  /**
   * The OpenSearch domain the processor bulk-indexes into; `undefined` = lake only.
   * @default undefined
   */
  readonly search?: Search;
  /**
   * How long Kinesis keeps records. It bounds how late a stalled processor can still catch up
   * or be replayed, so it is longer than `maxRecordAge` plus a weekend.
   * @default Duration.days(7)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Records older than this go to the failure queue instead of blocking the shard. Without it
   * one poisoned record can stall a shard for the whole retention period
   * (awslabs/lambda-streams-to-firehose #44).
   * @default Duration.hours(6)
   */
  readonly maxRecordAge?: Duration;
  /**
   * Retries of a failing batch (after bisecting) before it goes to the failure queue.
   * @default 10
   */
  readonly retryAttempts?: number;
  /** @default 500 */
  readonly batchSize?: number;
  /**
   * Caps processor concurrency so a traffic spike cannot overload OpenSearch bulk indexing.
   * `undefined` removes the cap (needed in accounts whose concurrency quota is still 10).
   * @default 10
   */
  readonly reservedConcurrency?: number | undefined;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Kinesis Data Streams (on demand, KMS CMK) and the stream processor: a Lambda on the
 * stream that writes each batch to Firehose and bulk-indexes it into OpenSearch. The event
 * source mapping never runs on defaults: bisect on error, partial batch responses, finite
 * retries, a maximum record age and an on-failure queue.
 */
export class Stream extends Construct {
  public readonly stream: kinesis.Stream;
  public readonly processor: PipelineFunction;
  /** Shard + sequence ranges of batches the processor gave up on (metadata, not the data). */
  public readonly failureQueue: sqs.Queue;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: StreamProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.stream = new kinesis.Stream(this, 'Stream', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: props.key,
      retentionPeriod: props.retentionPeriod ?? Duration.days(7),
      removalPolicy,
    });
    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'ProcessorSecurityGroup', {
      vpc: props.vpc,
      description: 'Clickstream stream processor: HTTPS to VPC endpoints and OpenSearch only',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(
      ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'HTTPS to VPC endpoints and the OpenSearch domain',
    );

    this.processor = new PipelineFunction(this, 'Processor', {
      entry: STREAM_PROCESSOR_ENTRY,
      description: 'Kinesis → Firehose (Parquet lake) and OpenSearch',
      environment: {
        DELIVERY_STREAM_NAME: props.deliveryStream.deliveryStreamName,
        ...(props.search
          ? {
              OPENSEARCH_ENDPOINT: `https://${props.search.domain.domainEndpoint}`,
              OPENSEARCH_INDEX: props.search.indexName,
            }
          : {}),
      },
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      memorySize: 512,
      timeout: Duration.seconds(60),
      reservedConcurrentExecutions: 'reservedConcurrency' in props ? props.reservedConcurrency : 10,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    props.deliveryStream.grantPutRecords(this.processor);
    if (props.search) {
      props.search.allowHttpsFrom(this.securityGroup, 'stream processor bulk indexing');
      // Bulk requests go to /_bulk; each item names its index (the events index or its bad-row
      // sibling `${indexName}-bad`, both matched by `${indexName}*`).
      props.search.grant(
        this.processor,
        ['es:ESHttpPost', 'es:ESHttpPut'],
        ['_bulk', `${props.search.indexName}*`],
      );
    }
    const ack = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id, reason });
    ack(
      this.stream,
      'AwsSolutions-KDS3',
      'A customer-managed key is used on purpose (issue 6: KMS CMK) so key policy, rotation and CloudTrail are ours; KDS3 only prefers the AWS-managed key',
    );
    ack(
      this.failureQueue,
      'AwsSolutions-SQS3',
      "This queue is the event source mapping's on-failure destination; it holds shard and sequence ranges for a person to replay, a further DLQ would have no consumer",
    );
    const role = this.processor.role as iam.Role;
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      ack(
        role,
        `AwsSolutions-IAM5[Action::${action}]`,
        'Added by SqsDlq (grantSendMessages) so the event source mapping can write failure records to the KMS-encrypted failure queue; scoped to the one data key',
      );
    }
    if (props.search) {
      ack(
        role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:es:<AWS::Region>:<AWS::AccountId>:domain/${props.search.domainName}/${props.search.indexName}*]`,
        'The events index and its bad-row sibling (-bad); only POST/PUT, only these indices and /_bulk',
      );
    }
    this.processor.addEventSource(
      new KinesisEventSource(this.stream, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? 500,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: props.retryAttempts ?? 10,
        maxRecordAge: props.maxRecordAge ?? Duration.hours(6),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );
  }
}
