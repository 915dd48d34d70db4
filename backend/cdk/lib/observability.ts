import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  readonly key: kms.IKey;
  readonly api: apigw.RestApi;
  readonly ingestFunction: lambda.IFunction;
  readonly processor: lambda.IFunction;
  readonly stream: kinesis.IStream;
  readonly deliveryStream: firehose.IDeliveryStream;
  /** The ingest's bad-row queue. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Batches the stream processor gave up on. */
  readonly failureQueue: sqs.IQueue;
  /** @default undefined (OpenSearch not deployed) */
  readonly domain?: opensearch.IDomain;
  /**
   * An e-mail address subscribed to the alarm topic (confirm the subscription e-mail).
   * @default undefined
   */
  readonly alarmEmail?: string;
  /**
   * Alarm when the processor lags this far behind the stream.
   * @default Duration.minutes(5)
   */
  readonly maxIteratorAge?: Duration;
  /**
   * Alarm when the oldest record Firehose holds is older than this.
   * @default Duration.minutes(15)
   */
  readonly maxDataFreshness?: Duration;
}

/**
 * One CloudWatch dashboard and the alarms that mean "events are being lost or delayed", all
 * publishing to one KMS-encrypted SNS topic.
 */
export class Observability extends Construct {
  public readonly topic: sns.Topic;
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'Clickstream alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    const fiveMinutes = Duration.minutes(5);
    const sum = (m: cloudwatch.Metric) => m.with({ statistic: 'Sum', period: fiveMinutes });
    const max = (m: cloudwatch.Metric) => m.with({ statistic: 'Maximum', period: fiveMinutes });

    const api4xx = props.api.metricClientError({ statistic: 'Average', period: fiveMinutes });
    const api5xx = sum(props.api.metricServerError());
    const apiLatency = props.api.metricLatency({ statistic: 'p99', period: fiveMinutes });
    const failedRecords = sum(props.stream.metric('PutRecords.FailedRecords'));
    const streamAge = max(props.stream.metricGetRecordsIteratorAgeMilliseconds());
    const processorAge = max(props.processor.metric('IteratorAge'));
    const freshness = max(props.deliveryStream.metric('DeliveryToS3.DataFreshness'));
    const failedConversion = sum(props.deliveryStream.metric('FailedConversion.Records'));
    const partitionsExceeded = max(props.deliveryStream.metric('PartitionCountExceeded'));
    const dlqDepth = max(props.deadLetterQueue.metricApproximateNumberOfMessagesVisible());
    const failureDepth = max(props.failureQueue.metricApproximateNumberOfMessagesVisible());
    const iteratorLimit = (props.maxIteratorAge ?? fiveMinutes).toMilliseconds();

    this.alarm('Api4xxRate', api4xx, 0.05, 3, 'More than 5% of ingest requests are rejected (4xx)');
    this.alarm('Api5xx', api5xx, 5, 1, 'Ingest answers 5xx: the SDK retries, but check Kinesis');
    this.alarm('ApiLatencyP99', apiLatency, 1000, 3, 'Ingest p99 latency above 1 s');
    this.alarm(
      'PutRecordsFailed',
      failedRecords,
      0,
      3,
      'Kinesis keeps refusing PutRecords entries',
    );
    this.alarm('StreamIteratorAge', streamAge, iteratorLimit, 1, 'Stream processor is behind');
    this.alarm(
      'ProcessorIteratorAge',
      processorAge,
      iteratorLimit,
      1,
      'Stream processor is behind',
    );
    this.alarm('ProcessorErrors', sum(props.processor.metricErrors()), 0, 3, 'Processor fails');
    this.alarm('IngestErrors', sum(props.ingestFunction.metricErrors()), 0, 1, 'Ingest crashes');
    this.alarm(
      'IngestThrottles',
      sum(props.ingestFunction.metricThrottles()),
      0,
      1,
      'Ingest throttled',
    );
    this.alarm(
      'FirehoseDataFreshness',
      freshness,
      (props.maxDataFreshness ?? Duration.minutes(15)).toSeconds(),
      1,
      'Firehose cannot deliver to S3; data older than 24 h is lost',
    );
    this.alarm(
      'FirehoseFailedConversion',
      failedConversion,
      0,
      1,
      'Records failed Parquet conversion (errors/ prefix)',
    );
    this.alarm(
      'FirehosePartitionCountExceeded',
      partitionsExceeded,
      0,
      1,
      'Too many active partitions',
    );
    this.alarm('DeadLetterQueueDepth', dlqDepth, 0, 1, 'Bad rows waiting in the ingest DLQ');
    this.alarm(
      'ProcessorFailureQueueDepth',
      failureDepth,
      0,
      1,
      'Batches the processor gave up on',
    );

    const widgets: cloudwatch.IWidget[][] = [
      [
        graph('Ingest requests', [
          sum(props.api.metricCount()),
          sum(props.api.metricClientError()),
          api5xx,
        ]),
        graph('Ingest latency p99 (ms)', [apiLatency]),
        graph('Kinesis failed records', [failedRecords]),
      ],
      [
        graph('Iterator age (ms)', [streamAge, processorAge]),
        graph('Firehose freshness (s)', [freshness]),
        graph('Firehose conversion failures', [failedConversion, partitionsExceeded]),
      ],
      [graph('Dead letters', [dlqDepth, failureDepth])],
    ];
    if (props.domain) {
      const red = max(props.domain.metricClusterStatusRed());
      const yellow = max(props.domain.metricClusterStatusYellow());
      const writesBlocked = max(props.domain.metricClusterIndexWritesBlocked());
      const freeStorage = props.domain.metricFreeStorageSpace({
        statistic: 'Minimum',
        period: fiveMinutes,
      });
      this.alarm('OpenSearchRed', red, 0, 1, 'OpenSearch cluster status red');
      this.alarm('OpenSearchYellow', yellow, 0, 6, 'OpenSearch cluster yellow for 30 minutes');
      this.alarm('OpenSearchWritesBlocked', writesBlocked, 0, 1, 'OpenSearch blocks index writes');
      this.alarm(
        'OpenSearchFreeStorage',
        freeStorage,
        2048,
        1,
        'OpenSearch below 2 GiB free',
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      );
      widgets.push([
        graph('OpenSearch status', [red, yellow, writesBlocked]),
        graph('OpenSearch free storage (MiB)', [freeStorage]),
      ]);
    }
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { widgets });
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    evaluationPeriods: number,
    description: string,
    comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator,
      alarmDescription: description,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

function graph(title: string, left: cloudwatch.IMetric[]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, width: 8 });
}
