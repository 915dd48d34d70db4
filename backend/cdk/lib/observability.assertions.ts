import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { propertiesOf, resourcesOf, sharedPipeline } from '../test-support/synth-pipeline';

const { template } = sharedPipeline();
const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
const alarmOn = (metric: string) => alarms.filter((a) => a.MetricName === metric);

describe('Observability', () => {
  it('alarms on every signal that means events are lost or late', () => {
    for (const metric of [
      '4XXError',
      '5XXError',
      'Latency',
      'PutRecords.FailedRecords',
      'GetRecords.IteratorAgeMilliseconds',
      'IteratorAge',
      'DeliveryToS3.DataFreshness',
      'FailedConversion.Records',
      'PartitionCountExceeded',
      'ApproximateNumberOfMessagesVisible',
      'ClusterStatus.red',
    ]) {
      expect(alarmOn(metric).length, metric).toBeGreaterThan(0);
    }
    expect(alarmOn('Latency')[0]).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 1000 });
    expect(alarmOn('DeliveryToS3.DataFreshness')[0]).toMatchObject({ Threshold: 900 });
  });

  it('sends every alarm and its recovery to one encrypted topic with an e-mail subscriber', () => {
    const [topicId] = resourcesOf(template, 'AWS::SNS::Topic')[0] ?? [''];
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    expect(propertiesOf(template, 'AWS::SNS::Topic').KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/DataKey/), 'Arn'],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('lets CloudWatch use the data key to publish to the encrypted topic', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          }),
        ]),
      },
    });
  });

  it('draws one dashboard of the pipeline', () => {
    const body = JSON.stringify(propertiesOf(template, 'AWS::CloudWatch::Dashboard').DashboardBody);
    for (const title of [
      'Ingest requests',
      'Iterator age',
      'Firehose freshness',
      'Dead letters',
      'OpenSearch status',
    ]) {
      expect(body).toContain(title);
    }
  });
});
