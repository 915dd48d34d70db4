import { searchMapping } from '@clickstream/contract';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type CfnProperties, propertiesOf, sharedPipeline } from '../test-support/synth-pipeline';
import { searchIndexTemplate } from './search-index-template';

const { template } = sharedPipeline();
const domain = propertiesOf(template, 'AWS::OpenSearchService::Domain');

describe('Search', () => {
  it('runs in two private subnets, encrypted at rest with the CMK and between nodes, HTTPS with TLS 1.2', () => {
    expect(domain).toMatchObject({
      VPCOptions: { SubnetIds: [expect.anything(), expect.anything()] },
      EncryptionAtRestOptions: {
        Enabled: true,
        KmsKeyId: { Ref: expect.stringMatching(/DataKey/) },
      },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: {
        EnforceHTTPS: true,
        TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07',
      },
      ClusterConfig: { ZoneAwarenessEnabled: true, InstanceCount: 2 },
    });
    expect(JSON.stringify((domain.VPCOptions as { SubnetIds: unknown }).SubnetIds)).toContain(
      'privateSubnet',
    );
  });

  it('puts Dashboards behind Cognito with MFA, no self sign-up and no guest identities', () => {
    expect(domain.CognitoOptions).toMatchObject({ Enabled: true });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14 }) },
    });
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
    });
  });

  it('names each allowed role in the domain policy and nobody anonymous', () => {
    const policy = domain.AccessPolicies as { Statement: CfnProperties[] };
    const principals = policy.Statement.map((s) => JSON.stringify(s.Principal.AWS));
    expect(principals).toHaveLength(3);
    expect(principals.some((p) => p.includes('AuthenticatedRole'))).toBe(true);
    expect(principals.some((p) => p.includes('StreamProcessor'))).toBe(true);
    expect(principals.some((p) => p.includes('IndexTemplateFunction'))).toBe(true);
    for (const s of policy.Statement) {
      expect(s.Principal).not.toBe('*');
      expect(s.Principal.AWS).not.toBe('*');
    }
  });

  it('publishes slow logs and application logs', () => {
    expect(Object.keys(domain.LogPublishingOptions as object).sort()).toEqual([
      'ES_APPLICATION_LOGS',
      'INDEX_SLOW_LOGS',
      'SEARCH_SLOW_LOGS',
    ]);
    const logPolicy = propertiesOf(template, 'AWS::Logs::ResourcePolicy');
    expect(JSON.stringify(logPolicy.PolicyDocument)).toContain('es.amazonaws.com');
  });

  it("puts the contract's index template into the domain at deploy time", () => {
    const resource = propertiesOf(template, 'Custom::OpenSearchIndexTemplate');
    expect(resource.TemplateName).toBe('clickstream-events');
    expect(JSON.parse(resource.Template)).toEqual(searchIndexTemplate('clickstream-events'));
  });

  it('builds the template from searchMapping: strict, unknown fields never indexed', () => {
    const body = searchIndexTemplate('clickstream-events');
    expect(body.index_patterns).toEqual(['clickstream-events']);
    expect(body.template.mappings).toBe(searchMapping);
    expect(body.template.mappings.dynamic).toBe('false');
  });

  it('alarms on red, long yellow, blocked writes and low storage', () => {
    for (const metric of [
      'ClusterStatus.red',
      'ClusterStatus.yellow',
      'ClusterIndexWritesBlocked',
      'FreeStorageSpace',
    ]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Namespace: 'AWS/ES',
      });
    }
  });
});
