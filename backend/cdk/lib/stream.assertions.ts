import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { propertiesOf, sharedPipeline } from '../test-support/synth-pipeline';

const { template } = sharedPipeline();

describe('Stream', () => {
  it('is an on-demand Kinesis stream encrypted with the customer-managed key, kept 7 days', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: {
        EncryptionType: 'KMS',
        KeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
      },
      RetentionPeriodHours: 168,
    });
  });

  it('never runs the event source mapping on defaults', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineStream'), 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 6 * 3600,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('StreamFailureQueue'), 'Arn'] },
        },
      },
    });
  });

  it('caps processor concurrency to protect OpenSearch and tells it where to write', () => {
    const processor = propertiesOf(template, 'AWS::Lambda::Function', 'StreamProcessor');
    expect(processor.ReservedConcurrentExecutions).toBe(10);
    const variables = processor.Environment.Variables;
    expect(variables.DELIVERY_STREAM_NAME).toEqual({
      Ref: expect.stringMatching(/LakeDeliveryStream/),
    });
    expect(JSON.stringify(variables.OPENSEARCH_ENDPOINT)).toMatch(
      /^\{"Fn::Join":\["",\["https:\/\//,
    );
    expect(variables.OPENSEARCH_INDEX).toBe('clickstream-events');
  });

  it('alarms when the processor falls behind or gives up on a batch', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Threshold: 300_000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'GetRecords.IteratorAgeMilliseconds',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('StreamFailureQueue'), 'QueueName'] },
        },
      ],
    });
  });
});
