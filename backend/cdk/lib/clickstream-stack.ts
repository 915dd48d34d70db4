import { CfnOutput, Fn, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ClickstreamPipeline, type ClickstreamPipelineProps } from './clickstream-pipeline';

export interface ClickstreamStackProps extends StackProps {
  readonly pipeline: ClickstreamPipelineProps;
}

/** The deployable stack: composes `ClickstreamPipeline` and prints what users need. */
export class ClickstreamStack extends Stack {
  public readonly pipeline: ClickstreamPipeline;

  constructor(scope: Construct, id: string, props: ClickstreamStackProps) {
    super(scope, id, props);
    this.pipeline = new ClickstreamPipeline(this, 'Pipeline', props.pipeline);
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W7001',
      reason:
        'The Firehose L2 always adds its regional CIDR mapping, used only for Redshift/Splunk destinations; this stack delivers to S3, so the mapping stays unreferenced',
    });
    const p = this.pipeline;
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });

    output('IngestUrl', p.edge.ingestUrl, 'SDK endpoint (CloudFront): POST batch to <url>batch');
    output('ApiGatewayUrl', p.edge.api.url, 'Regional REST API; answers only through CloudFront');
    output('KinesisStreamName', p.stream.stream.streamName, 'Kinesis stream of accepted events');
    output('DeadLetterQueueUrl', p.ingest.deadLetterQueue.queueUrl, 'Ingest bad rows (SQS)');
    output(
      'ProcessorFailureQueueUrl',
      p.stream.failureQueue.queueUrl,
      'Batches the processor gave up on',
    );
    output(
      'LakeBucketName',
      p.lake.bucket.bucketName,
      'Parquet lake (events/year=/month=/day=/hour=)',
    );
    output('AthenaResultsBucketName', p.analytics.resultsBucket.bucketName, 'Athena query results');
    output('AccessLogsBucketName', p.accessLogs.bucketName, 'S3 access logs and CloudFront logs');
    output('DeliveryStreamName', p.lake.deliveryStream.deliveryStreamName, 'Firehose to the lake');
    output(
      'GlueDatabaseName',
      p.lake.databaseName,
      'Glue database (events view, events_raw table)',
    );
    output(
      'AthenaWorkGroupName',
      p.analytics.workGroup.ref,
      'Athena workgroup with the named queries',
    );
    output('DataKeyArn', p.keys.dataKey.keyArn, 'KMS key of all data at rest');
    output(
      'OriginVerifySecretArn',
      p.edge.originSecret.secretArn,
      'CloudFront origin header value',
    );
    output('AlarmTopicArn', p.observability.topic.topicArn, 'SNS topic of every alarm');
    output('DashboardName', p.observability.dashboard.dashboardName, 'CloudWatch dashboard');
    if (p.search) {
      output(
        'OpenSearchDomainEndpoint',
        p.search.domain.domainEndpoint,
        'VPC-only domain endpoint',
      );
      output(
        'OpenSearchDashboardsUrl',
        p.search.dashboardsUrl,
        'Dashboards (Cognito sign-in; from inside the VPC)',
      );
      output('CognitoUserPoolId', p.search.userPool.userPoolId, 'Dashboards users live here');
      output(
        'CognitoIdentityPoolId',
        p.search.identityPool.identityPoolId,
        'Dashboards identity pool',
      );
    }
    if (p.warehouse) {
      output(
        'RedshiftWorkgroupName',
        p.warehouse.workgroup.workgroupName,
        'Redshift Serverless workgroup',
      );
      output(
        'RedshiftSpectrumRoleArn',
        p.warehouse.spectrumRole.roleArn,
        'IAM_ROLE for the external schema',
      );
    }
  }

  /**
   * Three zones even when the stack is environment-agnostic (CDK would give two): Redshift
   * Serverless needs subnets in three, and synthesis must work without an AWS account.
   */
  override get availabilityZones(): string[] {
    if (!Token.isUnresolved(this.region)) return super.availabilityZones;
    return [0, 1, 2].map((i) => Fn.select(i, Fn.getAzs()));
  }
}
