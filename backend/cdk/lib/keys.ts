import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface KeysProps {
  /**
   * What happens to the key when the stack is deleted. Every encrypted byte of the pipeline
   * becomes unreadable once the key is gone, so it is kept unless you opt out.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Waiting period before a deleted key is really destroyed (7–30 days).
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
}

/**
 * The customer-managed KMS key for every data store of the pipeline: Kinesis, SQS, S3,
 * Firehose, OpenSearch, Redshift and the alarm topic. One key keeps grants simple and costs
 * $1/month; rotation is yearly and automatic.
 */
export class Keys extends Construct {
  /** The data key. */
  public readonly dataKey: kms.Key;

  constructor(scope: Construct, id: string, props: KeysProps = {}) {
    super(scope, id);
    this.dataKey = new kms.Key(this, 'DataKey', {
      description: 'Clickstream pipeline data at rest',
      enableKeyRotation: true,
      pendingWindow: props.pendingWindow ?? Duration.days(30),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the KMS-encrypted alarm topic; the service principal needs
    // the key (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
    this.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
  }
}
