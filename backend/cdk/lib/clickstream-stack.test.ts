import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { normalizeAssets, resourcesOf, synthPipeline } from '../test-support/synth-pipeline';

const { stack, template } = synthPipeline();

describe('ClickstreamStack', () => {
  it('synthesizes with cdk-nag AwsSolutions and no unacknowledged finding', () => {
    // Template.fromStack runs the validation plugins; reaching here means zero findings.
    expect(Object.keys(template.toJSON().Resources).length).toBeGreaterThan(100);
  });

  it('gives every acknowledgement a specific written reason', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(20);
    for (const [id, reason] of acknowledgements) {
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });

  it('prints every output a user needs after deploying', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'IngestUrl',
        'ApiGatewayUrl',
        'KinesisStreamName',
        'DeadLetterQueueUrl',
        'LakeBucketName',
        'AthenaResultsBucketName',
        'AccessLogsBucketName',
        'GlueDatabaseName',
        'AthenaWorkGroupName',
        'OpenSearchDomainEndpoint',
        'OpenSearchDashboardsUrl',
        'CognitoUserPoolId',
        'CognitoIdentityPoolId',
        'RedshiftWorkgroupName',
        'AlarmTopicArn',
      ]),
    );
  });

  it('stays environment-agnostic and still spreads over three zones (Redshift needs three)', () => {
    expect(stack.region).toMatch(/^\$\{Token/);
    const zones = resourcesOf(template, 'AWS::EC2::Subnet').map(([, s]) =>
      JSON.stringify(s.Properties.AvailabilityZone),
    );
    expect(new Set(zones).size).toBe(3);
    for (const zone of zones) expect(zone).toContain('Fn::GetAZs');
  });

  it('matches the snapshot (asset hashes masked)', () => {
    expect(normalizeAssets(template.toJSON())).toMatchSnapshot();
  });
});

describe('ClickstreamStack without the optional parts', () => {
  const { template: lean } = synthPipeline({ search: false, warehouse: false });

  it('leaves out OpenSearch, Cognito and Redshift, and their outputs, and passes cdk-nag', () => {
    lean.resourceCountIs('AWS::OpenSearchService::Domain', 0);
    lean.resourceCountIs('AWS::Cognito::UserPool', 0);
    lean.resourceCountIs('AWS::RedshiftServerless::Workgroup', 0);
    const outputs = Object.keys(lean.toJSON().Outputs);
    expect(outputs).not.toContain('OpenSearchDashboardsUrl');
    expect(outputs).not.toContain('RedshiftWorkgroupName');
  });

  it('runs the stream processor for the lake only', () => {
    lean.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectEquals({
          DELIVERY_STREAM_NAME: Match.anyValue(),
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
  });
});
