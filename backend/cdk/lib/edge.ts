import { BatchEnvelopeSchema, LIMITS } from '@clickstream/contract';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Segment-compatible ingest paths (`/v1/batch`, `/v1/track`, …), each POST + OPTIONS. */
export const INGEST_PATHS = ['batch', 'track', 'page', 'identify'] as const;

/** The header CloudFront adds and WAF requires: the API answers only through CloudFront. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Common rule set rules that inspect the body. Event bodies are data that the ingest core
 * validates and scrubs; a false positive (a page title with `<script>`, a URL to a metadata
 * IP, a 20 KB batch) would make WAF drop events with a 403 that the SDK does not retry, i.e.
 * lose them silently. They run in COUNT mode so they stay visible in WAF metrics and logs.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 */
const COUNTED_BODY_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
];

export interface EdgeProps {
  /** The ingest function behind every ingest path. */
  readonly ingestFunction: lambda.IFunction;
  /** Receives CloudFront standard logs (needs ACLs: `ObjectOwnership.OBJECT_WRITER`). */
  readonly cdnLogs: s3.IBucket;
  /**
   * Stage throttling: steady requests per second for the whole API (the regional account
   * quota is 10,000).
   * @default 1000
   */
  readonly throttleRate?: number;
  /** @default 2000 */
  readonly throttleBurst?: number;
  /**
   * WAF rate limit: requests per client IP per 5 minutes. The SDK sends a few batches a
   * minute, so this only stops floods.
   * @default 3000
   */
  readonly ratePerIpPer5Min?: number;
  /**
   * WAF body inspection limit for API Gateway; WAF never sees past it, which is why the size
   * rule checks `Content-Length` and the ingest core enforces exact limits.
   * @default 'KB_64'
   */
  readonly bodyInspectionLimit?: 'KB_16' | 'KB_32' | 'KB_48' | 'KB_64';
  /**
   * A CLOUDFRONT-scope web ACL (created in us-east-1) to attach to the distribution as well,
   * for IP rules that must see the viewer address.
   * @default undefined
   */
  readonly cloudFrontWebAclArn?: string;
  /** @default cloudfront.PriceClass.PRICE_CLASS_100 */
  readonly priceClass?: cloudfront.PriceClass;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The entry: CloudFront → regional REST API (REST, not HTTP API: WAF and request validation)
 * → ingest Lambda. A regional WAF web ACL on the stage applies AWS managed rules, a per-IP
 * rate limit and a size rule, and rejects every request without CloudFront's secret header.
 */
export class Edge extends Construct {
  public readonly api: apigw.RestApi;
  public readonly distribution: cloudfront.Distribution;
  public readonly webAcl: wafv2.CfnWebACL;
  /** The header value CloudFront sends and WAF requires (rotate: docs/deploy.md). */
  public readonly originSecret: secretsmanager.Secret;
  /** The ingest base URL through CloudFront, e.g. `https://d111.cloudfront.net/v1/`. */
  public readonly ingestUrl: string;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const originSecret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
      description: 'Header value CloudFront sends and the API WAF requires',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });
    this.originSecret = originSecret;
    const secretValue = originSecret.secretValue.unsafeUnwrap();

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Clickstream ingest',
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // Compressed bodies must reach the Lambda as bytes; the handler decodes base64.
      binaryMediaTypes: ['*/*'],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: props.throttleRate ?? 1000,
        throttlingBurstLimit: props.throttleBurst ?? 2000,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        dataTraceEnabled: false,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            path: '$context.resourcePath',
            method: '$context.httpMethod',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            wafStatus: '$context.waf.status',
            error: '$context.error.message',
            validationError: '$context.error.validationErrorString',
            integrationError: '$context.integration.error',
          }),
        ),
      },
    });
    // API Gateway's own answers (429 from stage throttling, 413, 400 from the body validator,
    // 403 from WAF, 5xx) never reach the function, so they carry no CORS headers unless set
    // here — and without them a browser hides the status, and `Retry-After`, from the SDK: a
    // throttled page would retry at its own pace instead of the server's. The origin is echoed
    // (as the core does); these bodies hold no data worth hiding from any origin.
    for (const [id, type] of [
      ['Default4xx', apigw.ResponseType.DEFAULT_4XX],
      ['Default5xx', apigw.ResponseType.DEFAULT_5XX],
      ['Throttled', apigw.ResponseType.THROTTLED],
    ] as const) {
      this.api.addGatewayResponse(id, {
        type,
        responseHeaders: {
          'Access-Control-Allow-Origin': 'method.request.header.Origin',
          'Access-Control-Expose-Headers': "'Retry-After'",
          Vary: "'Origin'",
          // Stage throttling refills every second (token bucket).
          ...(type === apigw.ResponseType.THROTTLED ? { 'Retry-After': "'1'" } : {}),
        },
      });
    }
    const validator = this.api.addRequestValidator('BodyValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // JSON bodies of /v1/batch are checked against the contract's envelope before a Lambda
    // runs; text/plain bodies (the SDK's, to avoid a preflight) are checked by the core.
    const envelopeModel = this.api.addModel('BatchEnvelope', {
      contentType: 'application/json',
      schema: {
        ...(JSON.parse(JSON.stringify(BatchEnvelopeSchema)) as apigw.JsonSchema),
        schema: apigw.JsonSchemaVersion.DRAFT4,
        title: 'BatchEnvelope',
      },
    });
    const integration = new apigw.LambdaIntegration(props.ingestFunction, {
      timeout: Duration.seconds(20),
    });
    const v1 = this.api.root.addResource('v1');
    for (const path of INGEST_PATHS) {
      const resource = v1.addResource(path);
      const post = resource.addMethod('POST', integration, {
        requestValidator: validator,
        ...(path === 'batch' ? { requestModels: { 'application/json': envelopeModel } } : {}),
      });
      // Preflights reach the function: the allowed origins are per write key, and the core
      // answers 204 without touching the stream (clickstream PR #855).
      const options = resource.addMethod('OPTIONS', integration);
      for (const method of [post, options]) {
        Validations.of(method).acknowledge(
          {
            id: 'AwsSolutions-APIG4',
            reason:
              'Public ingest for anonymous browsers: the write key and the per-key Origin allow-list are checked by the ingest function, WAF (managed rules, per-IP rate) and the CloudFront-only header guard the stage',
          },
          {
            id: 'AwsSolutions-COG4',
            reason:
              'Visitors of a tracked site have no Cognito identity; the SDK authenticates with the site write key instead',
          },
        );
      }
    }
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway needs for execution logging (APIG6); AWS documents this managed policy as its permission set',
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('clickstream-api'),
      associationConfig: {
        requestBody: {
          API_GATEWAY: { defaultSizeInspectionLimit: props.bodyInspectionLimit ?? 'KB_64' },
        },
      },
      rules: [
        {
          name: 'RequireCloudFront',
          priority: 0,
          action: { block: {} },
          visibilityConfig: visibility('require-cloudfront'),
          statement: {
            notStatement: {
              statement: {
                byteMatchStatement: {
                  fieldToMatch: { singleHeader: { Name: ORIGIN_VERIFY_HEADER } },
                  positionalConstraint: 'EXACTLY',
                  searchString: secretValue,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
        },
        {
          // WAF cannot measure a body beyond its inspection limit, so the declared length is
          // checked: more digits than LIMITS.maxBatchBytes has means certainly too large.
          name: 'BodyTooLarge',
          priority: 1,
          // 413: the SDK splits the batch in halves (a 403 would drop it).
          action: blockWith(413),
          visibilityConfig: visibility('body-too-large'),
          statement: {
            sizeConstraintStatement: {
              fieldToMatch: { singleHeader: { Name: 'content-length' } },
              comparisonOperator: 'GT',
              size: String(LIMITS.maxBatchBytes).length,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        },
        {
          // Behind CloudFront the source IP is an edge server's; the viewer is the first
          // X-Forwarded-For address.
          name: 'RatePerClientIp',
          priority: 2,
          // 429 + Retry-After: the SDK keeps the events and retries later, where WAF's
          // default 403 would make it drop them as a client error.
          action: blockWith(429, { 'Retry-After': '60' }),
          visibilityConfig: visibility('rate-per-ip'),
          statement: {
            rateBasedStatement: {
              limit: props.ratePerIpPer5Min ?? 3000,
              evaluationWindowSec: 300,
              aggregateKeyType: 'FORWARDED_IP',
              forwardedIpConfig: { headerName: 'X-Forwarded-For', fallbackBehavior: 'MATCH' },
            },
          },
        },
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 3, COUNTED_BODY_RULES),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 4),
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', 5),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // WAF requires the `aws-waf-logs-` prefix for log group destinations.
    const wafLogs = new logs.LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-${this.node.addr}`,
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [wafLogs.logGroupArn],
      redactedFields: [{ singleHeader: { Name: ORIGIN_VERIFY_HEADER } }],
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Clickstream ingest',
      defaultBehavior: {
        origin: new origins.RestApiOrigin(this.api, {
          customHeaders: { [ORIGIN_VERIFY_HEADER]: secretValue },
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        // Browsers post to https; a redirect would turn a POST into a GET and lose the body.
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      },
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.cdnLogs,
      logFilePrefix: 'cloudfront/',
      ...(props.cloudFrontWebAclArn ? { webAclId: props.cloudFrontWebAclArn } : {}),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Tracked sites serve a worldwide audience; geo restriction is a per-site business decision, not a pipeline default',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'WAF runs on the API stage (regional ACL) and the stage rejects requests without the CloudFront secret header; a CLOUDFRONT-scope ACL must live in us-east-1 and can be attached with cloudFrontWebAclArn',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes; a custom domain with an ACM certificate and TLSv1.2_2021 is the upgrade (docs/deploy.md)',
      },
    );
    Validations.of(originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The value must change in CloudFront and WAF at the same time, which automatic rotation cannot do; it only proves a request came through this distribution. Rotate by changing the secret and redeploying (docs/deploy.md)',
    });
    this.ingestUrl = `https://${this.distribution.distributionDomainName}/v1/`;
  }
}

/**
 * A WAF block the SDK can read: WAF's answer takes precedence over API Gateway's gateway
 * responses, and a custom response cannot echo the Origin, hence `*` (the SDK sends no
 * credentials, and the body is empty).
 */
function blockWith(
  responseCode: number,
  headers: Record<string, string> = {},
): wafv2.CfnWebACL.RuleActionProperty {
  const all = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'Retry-After',
    ...headers,
  };
  return {
    block: {
      customResponse: {
        responseCode,
        responseHeaders: Object.entries(all).map(([name, value]) => ({ name, value })),
      },
    },
  };
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedRuleGroup(
  name: string,
  priority: number,
  countedRules: readonly string[] = [],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    visibilityConfig: visibility(name),
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countedRules.length
          ? {
              ruleActionOverrides: countedRules.map((rule) => ({
                name: rule,
                actionToUse: { count: {} },
              })),
            }
          : {}),
      },
    },
  };
}
