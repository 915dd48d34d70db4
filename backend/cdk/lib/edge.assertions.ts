import { LIMITS } from '@clickstream/contract';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  type CfnProperties,
  propertiesOf,
  resourcesOf,
  sharedPipeline,
} from '../test-support/synth-pipeline';
import { INGEST_PATHS, ORIGIN_VERIFY_HEADER } from './edge';

const { template } = sharedPipeline();
const acl = propertiesOf(template, 'AWS::WAFv2::WebACL');
const rules = acl.Rules as CfnProperties[];
const rule = (name: string) => rules.find((r) => r.Name === name);

describe('Edge', () => {
  it('is a regional REST API that passes bodies to the function as bytes', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      BinaryMediaTypes: ['*/*'],
    });
  });

  it('throttles the stage and writes JSON access logs with the WAF and validation outcome', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({
          ThrottlingRateLimit: 500,
          ThrottlingBurstLimit: 800,
          LoggingLevel: 'ERROR',
          MetricsEnabled: true,
          DataTraceEnabled: false,
        }),
      ],
      AccessLogSetting: Match.objectLike({
        Format: Match.stringLikeRegexp(
          '"validationError":"\\$context.error.validationErrorString"',
        ),
      }),
    });
  });

  it('routes POST and OPTIONS of every Segment-compatible path to the ingest function', () => {
    const methods = resourcesOf(template, 'AWS::ApiGateway::Method');
    expect(methods).toHaveLength(INGEST_PATHS.length * 2);
    for (const [, method] of methods) {
      expect(JSON.stringify(method.Properties.Integration)).toContain('IngestFunction');
      expect((method.Properties.Integration as { Type: string }).Type).toBe('AWS_PROXY');
    }
  });

  it("validates JSON batch bodies against the contract's envelope schema", () => {
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: Match.objectLike({
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        required: ['batch'],
        properties: Match.objectLike({
          batch: Match.objectLike({ type: 'array', maxItems: LIMITS.maxBatchEvents }),
        }),
      }),
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
    });
  });

  it('answers only requests that carry the secret CloudFront adds', () => {
    const guard = rule('RequireCloudFront');
    expect(guard?.Priority).toBe(0);
    expect(guard?.Action).toEqual({ Block: {} });
    const match = guard?.Statement.NotStatement.Statement.ByteMatchStatement;
    expect(match.FieldToMatch).toEqual({ SingleHeader: { Name: ORIGIN_VERIFY_HEADER } });
    expect(match.PositionalConstraint).toBe('EXACTLY');
    const distribution = propertiesOf(template, 'AWS::CloudFront::Distribution');
    const origin = distribution.DistributionConfig.Origins[0];
    expect(origin.OriginCustomHeaders).toEqual([
      { HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: match.SearchString },
    ]);
    expect(JSON.stringify(match.SearchString)).toContain('{{resolve:secretsmanager:');
  });

  it('blocks declared bodies beyond the batch limit, which WAF itself cannot inspect', () => {
    expect(rule('BodyTooLarge')?.Statement.SizeConstraintStatement).toMatchObject({
      FieldToMatch: { SingleHeader: { Name: 'content-length' } },
      ComparisonOperator: 'GT',
      Size: String(LIMITS.maxBatchBytes).length,
    });
    expect(acl.AssociationConfig).toEqual({
      RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_64' } },
    });
  });

  it("answers API Gateway's own errors with CORS headers, so the SDK sees the status and Retry-After", () => {
    const responses = resourcesOf(template, 'AWS::ApiGateway::GatewayResponse').map(
      ([, r]) => r.Properties,
    );
    expect(responses.map((r) => r.ResponseType).sort()).toEqual([
      'DEFAULT_4XX',
      'DEFAULT_5XX',
      'THROTTLED',
    ]);
    for (const r of responses) {
      expect(r.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
        'gatewayresponse.header.Access-Control-Expose-Headers': "'Retry-After'",
      });
    }
    const throttled = responses.find((r) => r.ResponseType === 'THROTTLED');
    expect(throttled?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Retry-After': "'1'",
    });
  });

  it('blocks over-rate viewers with a readable 429 and oversized bodies with a 413', () => {
    const cors = [
      { Name: 'Access-Control-Allow-Origin', Value: '*' },
      { Name: 'Access-Control-Expose-Headers', Value: 'Retry-After' },
    ];
    expect(rule('RatePerClientIp')?.Action).toEqual({
      Block: {
        CustomResponse: {
          ResponseCode: 429,
          ResponseHeaders: [...cors, { Name: 'Retry-After', Value: '60' }],
        },
      },
    });
    expect(rule('BodyTooLarge')?.Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 413, ResponseHeaders: cors } },
    });
  });

  it('rate-limits per viewer IP and applies the AWS managed rule groups', () => {
    expect(rule('RatePerClientIp')?.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'FORWARDED_IP',
      ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
      Limit: 3000,
    });
    const managed = rules
      .filter((r) => r.Statement.ManagedRuleGroupStatement)
      .map((r) => r.Statement.ManagedRuleGroupStatement.Name);
    expect(managed).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
    ]);
    // Body rules only count: a false positive would drop events the SDK never retries.
    const overrides = rule('AWSManagedRulesCommonRuleSet')?.Statement.ManagedRuleGroupStatement
      .RuleActionOverrides as { Name: string; ActionToUse: unknown }[];
    expect(overrides.map((o) => o.Name)).toContain('SizeRestrictions_BODY');
    for (const o of overrides) expect(o.ActionToUse).toEqual({ Count: {} });
  });

  it('protects the API stage with the web ACL and logs WAF decisions', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: ORIGIN_VERIFY_HEADER } }],
    });
  });

  it('serves over HTTPS only, never caches, and forwards the viewer headers', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          AllowedMethods: Match.arrayWith(['OPTIONS', 'POST']),
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });
});
