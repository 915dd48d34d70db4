import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import {
  propertiesOf,
  resourcesOf,
  sharedPipeline,
  TEST_SITES,
  testApp,
} from '../test-support/synth-pipeline';
import { Ingest } from './ingest';

const { template } = sharedPipeline();
const ingest = propertiesOf(template, 'AWS::Lambda::Function', 'IngestFunction');
const env = ingest.Environment.Variables;

describe('Ingest', () => {
  it('passes the stream, the DLQ, the sites and the skew dead-band to the handler', () => {
    expect(env.STREAM_NAME).toEqual({ Ref: expect.stringMatching(/^PipelineStream[0-9A-F]{8}$/) });
    expect(JSON.stringify(env.DLQ_QUEUE_URL)).toContain('IngestDeadLetterQueue');
    expect(JSON.parse(env.CLICKSTREAM_SITES as string)).toEqual(TEST_SITES);
    expect(env.SKEW_DEAD_BAND_MS).toBe('8000');
  });

  it('runs on Node.js 24, arm64, JSON logs, with a log group that expires', () => {
    expect(ingest).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' },
      Timeout: 15,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('keeps bad rows in a KMS-encrypted DLQ for 14 days, TLS only', () => {
    const [id] = resourcesOf(template, 'AWS::SQS::Queue', 'IngestDeadLetterQueue')[0] ?? [];
    expect(propertiesOf(template, 'AWS::SQS::Queue', 'IngestDeadLetterQueue')).toMatchObject({
      MessageRetentionPeriod: 1209600,
      KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/DataKey/), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('alarms as soon as one message waits in the DLQ', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestDeadLetterQueue'), 'QueueName'] },
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('refuses a site without allowed origins at synth time', () => {
    const stack = new Stack(testApp(), 'Bad');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(
      () =>
        new Ingest(stack, 'Ingest', {
          key: new kms.Key(stack, 'Key'),
          vpc,
          subnets: {},
          stream: new kinesis.Stream(stack, 'S'),
          sites: [{ writeKey: 'k', allowedOrigins: [] }],
        }),
    ).toThrow(/site k has no allowedOrigins/);
  });
});
