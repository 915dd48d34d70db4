import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PipelineFunction } from './private/pipeline-function';

/** Where the ingest handler lives (written with the local pipeline). */
export const INGEST_ENTRY = 'backend/lambda/ingest/handler.ts';

/** One site allowed to send events: the same shape the ingest core's `SiteConfig` has. */
export interface SiteProps {
  /** The write key the SDK sends; public by nature (it is in the page), so not a secret. */
  readonly writeKey: string;
  /** Exact origins, `https://*.example.com` wildcards, or `*`. */
  readonly allowedOrigins: readonly string[];
}

export interface IngestProps {
  readonly key: kms.IKey;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  /** The stream accepted events are written to. */
  readonly stream: kinesis.IStream;
  /** Sites, their write keys and allowed origins; at least one. */
  readonly sites: readonly SiteProps[];
  /**
   * Clock-skew dead-band passed to the ingest core.
   * @default undefined (the core's default, 5000 ms)
   */
  readonly skewDeadBandMs?: number;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The ingest Lambda (validation, origin/CORS enforcement, PII scrub) and its dead-letter
 * queue. The function answers 2xx only once Kinesis or the DLQ holds the data, so the
 * function never needs Lambda's own async DLQ: API Gateway invokes it synchronously.
 */
export class Ingest extends Construct {
  public readonly function: PipelineFunction;
  /** Rejected events and requests as typed bad rows, and events Kinesis refused. */
  public readonly deadLetterQueue: sqs.Queue;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    if (props.sites.length === 0) throw new Error('Ingest needs at least one site');
    for (const site of props.sites) {
      if (!site.writeKey) throw new Error('Ingest: every site needs a writeKey');
      if (site.allowedOrigins.length === 0) {
        throw new Error(`Ingest: site ${site.writeKey} has no allowedOrigins`);
      }
    }
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Clickstream ingest: HTTPS to the Kinesis and SQS endpoints only',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(
      ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'HTTPS to VPC endpoints',
    );
    this.function = new PipelineFunction(this, 'Function', {
      entry: INGEST_ENTRY,
      description: 'Clickstream ingest: validate, scrub, Kinesis; bad rows to the DLQ',
      environment: {
        STREAM_NAME: props.stream.streamName,
        DLQ_QUEUE_URL: this.deadLetterQueue.queueUrl,
        CLICKSTREAM_SITES: JSON.stringify(props.sites),
        ...(props.skewDeadBandMs === undefined
          ? {}
          : { SKEW_DEAD_BAND_MS: String(props.skewDeadBandMs) }),
      },
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      memorySize: props.memorySize ?? 512,
      // API Gateway gives up after 29 s; the handler's own Kinesis retries must end first.
      timeout: Duration.seconds(15),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    // Written out instead of grantWrite()/grantSendMessages(), which add ListShards and
    // kms:ReEncrypt*/GenerateDataKey* the handler never needs.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PutEvents',
        actions: ['kinesis:PutRecords', 'kinesis:PutRecord'],
        resources: [props.stream.streamArn],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SendBadRows',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    // Kinesis needs a data key for the caller; SQS also decrypts it to check the message.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'EncryptWithDataKey',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.key.keyArn],
      }),
    );
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter store itself; its messages are inspected and redriven by people, never consumed by a Lambda that could fail them again',
    });
  }
}
