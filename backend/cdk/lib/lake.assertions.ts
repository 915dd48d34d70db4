import { LAKE_PARTITION_TEMPLATE } from '@clickstream/contract';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { propertiesOf, resourcesOf, sharedPipeline } from '../test-support/synth-pipeline';
import { firehoseDataPrefix, glueDataColumns, gluePartitionColumns } from './lake-layout';

const { template } = sharedPipeline();
/** Glue columns as CloudFormation spells their keys. */
const cfnColumns = (columns: readonly { name: string; type: string; comment?: string }[]) =>
  columns.map((c) => ({
    Name: c.name,
    Type: c.type,
    ...(c.comment ? { Comment: c.comment } : {}),
  }));
const [lakeBucketId] = resourcesOf(template, 'AWS::S3::Bucket', 'LakeBucket')[0] ?? [''];

describe('Lake', () => {
  it('is a private, TLS-only, KMS-encrypted, versioned, access-logged bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
            },
            BucketKeyEnabled: true,
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'lake/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: lakeBucketId },
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

  it('defines the Glue table from the contract with partition projection on the writer path', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'events_raw',
        PartitionKeys: cfnColumns(gluePartitionColumns),
        StorageDescriptor: Match.objectLike({
          Columns: cfnColumns(glueDataColumns),
          SerdeInfo: {
            SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          },
        }),
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'storage.location.template': {
            'Fn::Join': [
              '',
              ['s3://', { Ref: lakeBucketId }, `/events/${LAKE_PARTITION_TEMPLATE}/`],
            ],
          },
        }),
      }),
    });
  });

  it('exposes the deduplicating events view the analytics SQL reads', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'events',
        TableType: 'VIRTUAL_VIEW',
        ViewOriginalText: Match.stringLikeRegexp('^/\\* Presto View: '),
      }),
    });
  });

  it('converts to Parquet from the Glue schema and partitions by the stamped keys', () => {
    const stream = propertiesOf(template, 'AWS::KinesisFirehose::DeliveryStream');
    const s3 = stream.ExtendedS3DestinationConfiguration;
    expect(s3.Prefix).toBe(firehoseDataPrefix);
    expect(s3.ErrorOutputPrefix).toMatch(/^errors\/!\{firehose:error-output-type\}\//);
    expect(s3.BufferingHints).toEqual({ IntervalInSeconds: 120, SizeInMBs: 64 });
    expect(s3.DynamicPartitioningConfiguration).toMatchObject({ Enabled: true });
    expect(s3.DataFormatConversionConfiguration).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
      SchemaConfiguration: {
        DatabaseName: 'clickstream',
        TableName: { Ref: expect.stringMatching(/LakeEventsTable/) },
        VersionId: 'LATEST',
      },
    });
    const metadata = s3.ProcessingConfiguration.Processors.find(
      (p: { Type: string }) => p.Type === 'MetadataExtraction',
    );
    expect(metadata.Parameters).toContainEqual({
      ParameterName: 'MetadataExtractionQuery',
      ParameterValue: '{"year":.year,"month":.month,"day":.day,"hour":.hour}',
    });
    expect(s3.EncryptionConfiguration).toMatchObject({
      KMSEncryptionConfig: {
        AWSKMSKeyARN: { 'Fn::GetAtt': [expect.stringMatching(/DataKey/), 'Arn'] },
      },
    });
    expect(stream.DeliveryStreamEncryptionConfigurationInput).toMatchObject({
      KeyType: 'CUSTOMER_MANAGED_CMK',
    });
  });

  it('alarms on stale delivery, failed conversion and too many partitions', () => {
    for (const metric of [
      'DeliveryToS3.DataFreshness',
      'FailedConversion.Records',
      'PartitionCountExceeded',
    ]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric });
    }
  });
});
