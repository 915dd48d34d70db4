import { Lazy, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { SearchIndexTemplate } from './search-index-template';

/** Read and saved-object writes for Dashboards users; spelled out, never `es:ESHttp*`. */
const DASHBOARDS_ACTIONS = [
  'es:ESHttpGet',
  'es:ESHttpHead',
  'es:ESHttpPost',
  'es:ESHttpPut',
  'es:ESHttpDelete',
];

export interface SearchProps {
  readonly key: kms.IKey;
  readonly vpc: ec2.IVpc;
  /** Subnets for the domain's network interfaces, one per zone (2 by default). */
  readonly subnets: ec2.SubnetSelection;
  /**
   * The events index; the stream processor also writes `${indexName}-bad`.
   * @default 'clickstream-events'
   */
  readonly indexName?: string;
  /**
   * Domain name (3–28 lowercase characters). Fixed at synth time because the domain's own
   * access policy names its ARN, which CloudFormation cannot reference from inside the domain.
   * @default `clickstream-` + a hash of the construct path
   */
  readonly domainName?: string;
  /**
   * Data node instance type.
   * @default 't3.small.search'
   */
  readonly instanceType?: string;
  /**
   * Data nodes; spread over the subnets' zones, so at least 2 for zone awareness.
   * @default 2
   */
  readonly dataNodes?: number;
  /**
   * EBS volume per data node in GiB (gp3).
   * @default 20
   */
  readonly volumeSizeGiB?: number;
  /**
   * Dedicated master nodes; 0 for none (a small two-node cluster does not need them).
   * @default 0
   */
  readonly dedicatedMasterNodes?: number;
  /**
   * Cognito hosted-UI domain prefix for the Dashboards sign-in; unique per region.
   * @default - derived from the construct path
   */
  readonly cognitoDomainPrefix?: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Near-real-time search: an OpenSearch domain in private subnets (encrypted at rest with the
 * CMK, node-to-node, HTTPS with TLS 1.2 only) and Dashboards behind a Cognito user pool and
 * identity pool. Access is granted per IAM role in the domain policy; nobody is anonymous.
 */
export class Search extends Construct {
  public readonly domain: opensearch.Domain;
  public readonly userPool: cognito.UserPool;
  public readonly identityPool: identitypool.IdentityPool;
  public readonly indexName: string;
  public readonly domainName: string;
  /** The domain ARN built from its name (usable inside the domain's own access policy). */
  public readonly domainArn: string;
  /** Dashboards URL (reachable from inside the VPC; see docs/deploy.md). */
  public readonly dashboardsUrl: string;
  /** The contract's index template, put into the domain at deploy time. */
  public readonly indexTemplate: SearchIndexTemplate;
  private readonly accessStatements: iam.PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: SearchProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.indexName = props.indexName ?? 'clickstream-events';

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy,
    });
    this.userPool.addDomain('SignIn', {
      cognitoDomain: {
        domainPrefix:
          props.cognitoDomainPrefix ??
          `clickstream-${Names.uniqueResourceName(this, { maxLength: 40, separator: '-' })}`
            .toLowerCase()
            // Cognito refuses prefixes containing these words (e.g. from a stack name).
            .replace(/aws|amazon|cognito|[^a-z0-9-]/g, ''),
      },
    });
    this.identityPool = new identitypool.IdentityPool(this, 'IdentityPool', {
      allowUnauthenticatedIdentities: false,
    });
    // OpenSearch adds its own app client to the user pool and the identity pool.
    const cognitoRole = new iam.Role(this, 'CognitoConfigRole', {
      assumedBy: new iam.ServicePrincipal('opensearchservice.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonOpenSearchServiceCognitoAccess'),
      ],
    });

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Clickstream OpenSearch domain: HTTPS from allowed peers only',
      allowAllOutbound: false,
    });
    const logGroup = (name: string) =>
      new logs.LogGroup(this, name, {
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    const slowSearchLogGroup = logGroup('SlowSearchLogs');
    const slowIndexLogGroup = logGroup('SlowIndexLogs');
    const appLogGroup = logGroup('AppLogs');
    const dedicatedMasters = props.dedicatedMasterNodes ?? 0;
    const subnets = props.vpc.selectSubnets(props.subnets);

    this.domainName = props.domainName ?? `clickstream-${this.node.addr.slice(0, 8)}`;
    this.domainArn = Stack.of(this).formatArn({
      service: 'es',
      resource: 'domain',
      resourceName: this.domainName,
    });
    this.domain = new opensearch.Domain(this, 'Domain', {
      domainName: this.domainName,
      version: opensearch.EngineVersion.OPENSEARCH_3_3,
      vpc: props.vpc,
      vpcSubnets: [props.subnets],
      securityGroups: [securityGroup],
      capacity: {
        dataNodes: props.dataNodes ?? 2,
        dataNodeInstanceType: props.instanceType ?? 't3.small.search',
        ...(dedicatedMasters > 0
          ? { masterNodes: dedicatedMasters, masterNodeInstanceType: 'm7g.medium.search' }
          : {}),
        multiAzWithStandbyEnabled: false,
      },
      zoneAwareness: { enabled: true, availabilityZoneCount: subnets.subnets.length },
      ebs: { volumeSize: props.volumeSizeGiB ?? 20, volumeType: ec2.EbsDeviceVolumeType.GP3 },
      encryptionAtRest: { enabled: true, kmsKey: props.key },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
      cognitoDashboardsAuth: {
        identityPoolId: this.identityPool.identityPoolId,
        userPoolId: this.userPool.userPoolId,
        role: cognitoRole,
      },
      logging: {
        slowSearchLogEnabled: true,
        slowSearchLogGroup,
        slowIndexLogEnabled: true,
        slowIndexLogGroup,
        appLogEnabled: true,
        appLogGroup,
      },
      // The L2 would write the log resource policy through a custom-resource Lambda; a plain
      // AWS::Logs::ResourcePolicy below does the same without one.
      suppressLogsResourcePolicy: true,
      removalPolicy,
    });
    new logs.CfnResourcePolicy(this, 'LogDeliveryPolicy', {
      policyName: `${Names.uniqueResourceName(this, { maxLength: 200 })}-logs`,
      policyDocument: Stack.of(this).toJsonString({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'es.amazonaws.com' },
            Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
            Resource: [slowSearchLogGroup, slowIndexLogGroup, appLogGroup].map(
              (g) => g.logGroupArn,
            ),
          },
        ],
      }),
    });

    this.grant(this.identityPool.authenticatedRole, DASHBOARDS_ACTIONS, ['*']);
    // Set on the L1 directly: the L2's `accessPolicies` goes through a custom-resource Lambda.
    (this.domain.node.defaultChild as opensearch.CfnDomain).accessPolicies = Lazy.any({
      produce: () => new iam.PolicyDocument({ statements: this.accessStatements }).toJSON(),
    });
    this.dashboardsUrl = `https://${this.domain.domainEndpoint}/_dashboards/`;
    this.indexTemplate = new SearchIndexTemplate(this, 'IndexTemplate', {
      vpc: props.vpc,
      subnets: props.subnets,
      endpoint: `https://${this.domain.domainEndpoint}`,
      indexName: this.indexName,
      grant: (grantee, actions, paths) => this.grant(grantee, actions, paths),
      allowFrom: (peer) => this.allowHttpsFrom(peer, 'index template setup'),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });

    Validations.of(cognitoRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonOpenSearchServiceCognitoAccess]',
      reason:
        'The AWS-documented policy OpenSearch needs to configure Cognito for Dashboards (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/cognito-auth.html)',
    });
    Validations.of(this.domain).acknowledge({
      id: 'AwsSolutions-OS3',
      reason:
        'The domain has no public endpoint (VPC only); access is granted to named IAM roles, IP allow-listing is meaningless in private subnets and conflicts with Cognito (cdk-nag #1535)',
    });
    if (dedicatedMasters === 0) {
      Validations.of(this.domain).acknowledge({
        id: 'AwsSolutions-OS4',
        reason:
          'A two-node near-real-time cluster does not need dedicated masters (AWS recommends them from larger clusters); set dedicatedMasterNodes: 3 for production scale',
      });
    }
    Validations.of(this.identityPool.authenticatedRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:es:<AWS::Region>:<AWS::AccountId>:domain/${this.domainName}/*]`,
      reason:
        'Dashboards calls many paths of the one domain (_dashboards, _msearch, saved objects); the actions are listed explicitly, never es:ESHttp*',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The pool holds a handful of Dashboards operators, with MFA required and no self sign-up; the Plus plan bills per user for threat protection this pool does not need',
    });
  }

  /**
   * Lets a role call the domain: in its IAM policy and in the domain's resource policy (both
   * are checked), on the given paths only.
   *
   * @param grantee - the role
   * @param actions - `es:ESHttp…` actions, never a wildcard
   * @param paths - paths under the domain, e.g. `_bulk`, `clickstream-events*`
   * @example search.grant(processor, ['es:ESHttpPost'], ['_bulk', 'clickstream-events*'])
   */
  public grant(grantee: iam.IGrantable, actions: readonly string[], paths: readonly string[]) {
    const resources = paths.map((p) => `${this.domainArn}/${p}`);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources }),
    );
    this.accessStatements.push(
      new iam.PolicyStatement({
        principals: [grantee.grantPrincipal],
        actions: [...actions],
        resources,
      }),
    );
  }

  /**
   * Opens HTTPS to the domain from a security group.
   * @param peer - e.g. the stream processor's security group
   * @param description - why the peer needs it
   */
  public allowHttpsFrom(peer: ec2.IConnectable, description: string): void {
    this.domain.connections.allowFrom(peer, ec2.Port.tcp(443), description);
  }
}
