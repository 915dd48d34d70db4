import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAKE_PARTITION_TEMPLATE } from '@clickstream/contract';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { propertiesOf, resourcesOf, sharedPipeline } from '../test-support/synth-pipeline';
import { ANALYTICS_DIR, loadAnalyticsQueries } from './private/analytics-queries';

const { template } = sharedPipeline();

describe('Analytics (Athena)', () => {
  it('enforces encrypted results, a scan cutoff and metrics in its workgroup', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: {
          OutputLocation: Match.anyValue(),
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
          },
        },
      }),
    });
  });

  it('registers every backend/analytics/*.sql file as a named query, verbatim', () => {
    const files = readdirSync(ANALYTICS_DIR).filter((f) => f.endsWith('.sql'));
    const named = resourcesOf(template, 'AWS::Athena::NamedQuery');
    expect(named.map(([, q]) => `${q.Properties.Name}.sql`).sort()).toEqual(files.sort());
    for (const [, query] of named) {
      expect(query.Properties.QueryString).toBe(
        readFileSync(join(ANALYTICS_DIR, `${query.Properties.Name}.sql`), 'utf8'),
      );
      expect(query.Properties.Database).toBe('clickstream');
    }
  });

  it('picks up a new SQL file without code changes, with its leading comment as description', () => {
    const dir = mkdtempSync(join(tmpdir(), 'analytics-'));
    writeFileSync(join(dir, 'sessions.sql'), '-- Sessions per day.\nSELECT 1;\n');
    writeFileSync(join(dir, 'notes.md'), 'not a query');
    expect(loadAnalyticsQueries(dir)).toEqual([
      {
        name: 'sessions',
        description: 'Sessions per day.',
        sql: '-- Sessions per day.\nSELECT 1;\n',
      },
    ]);
  });
});

describe('Warehouse (Redshift Serverless)', () => {
  it('runs privately in three subnets with enhanced VPC routing and TLS required', () => {
    const workgroup = propertiesOf(template, 'AWS::RedshiftServerless::Workgroup');
    expect(workgroup).toMatchObject({
      PubliclyAccessible: false,
      EnhancedVpcRouting: true,
      BaseCapacity: 8,
      ConfigParameters: expect.arrayContaining([
        { ParameterKey: 'require_ssl', ParameterValue: 'true' },
      ]),
    });
    expect(workgroup.SubnetIds).toHaveLength(3);
  });

  it('encrypts the namespace with the CMK, manages the admin password and attaches the Spectrum role', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
      ManageAdminPassword: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
      DefaultIamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SpectrumRole'), 'Arn'] },
      LogExports: ['userlog', 'connectionlog', 'useractivitylog'],
    });
  });

  it('ships load SQL that registers the same partition path the writer uses', () => {
    const load = readFileSync(join(ANALYTICS_DIR, 'redshift', '02-load-hour.sql'), 'utf8');
    expect(load).toContain(`LOCATION 's3://\${lake_bucket}/events/${LAKE_PARTITION_TEMPLATE}/'`);
    expect(load).toMatch(
      /LOCK clickstream\.events;[\s\S]*MERGE INTO clickstream\.events[\s\S]*REMOVE DUPLICATES/,
    );
    const schema = readFileSync(join(ANALYTICS_DIR, 'redshift', '01-external-schema.sql'), 'utf8');
    expect(schema).toContain("FROM DATA CATALOG DATABASE 'clickstream'");
  });
});
