import { searchMapping } from '@clickstream/contract';
import { CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { logicalIdOf } from './private/logical-id-of';
import { PipelineFunction } from './private/pipeline-function';

/**
 * The `_index_template` body for the events index and its bad-row sibling, from the contract's
 * `searchMapping` (strict: unknown fields are kept in `_source`, never indexed).
 *
 * @param indexName - e.g. `clickstream-events`
 * @returns the template body
 * @see https://opensearch.org/docs/latest/im-plugin/index-templates/
 * @example searchIndexTemplate('clickstream-events').index_patterns // ['clickstream-events']
 */
export function searchIndexTemplate(indexName: string) {
  return {
    index_patterns: [indexName],
    priority: 100,
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 1, refresh_interval: '5s' },
      mappings: searchMapping,
    },
    _meta: { source: '@clickstream/contract searchMapping' },
  };
}

export interface SearchIndexTemplateProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  /** `https://` + the domain endpoint. */
  readonly endpoint: string;
  readonly indexName: string;
  /** Grants the setup function PUT on `_index_template/<name>` (identity and domain policy). */
  readonly grant: (grantee: iam.IGrantable, actions: string[], paths: string[]) => void;
  /** Opens the domain's security group to the setup function. */
  readonly allowFrom: (peer: ec2.IConnectable) => void;
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Puts the contract's index template into the VPC-only domain at deploy time (a custom
 * resource whose function runs in the VPC), and again whenever the contract changes.
 */
export class SearchIndexTemplate extends Construct {
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SearchIndexTemplateProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Clickstream index-template setup: HTTPS to the OpenSearch domain only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(
      ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'HTTPS to the OpenSearch domain',
    );
    const onEvent = new PipelineFunction(this, 'Function', {
      entry: 'backend/cdk/handlers/put-index-template.ts',
      description: 'Puts the Clickstream index template into OpenSearch (deploy time)',
      environment: {},
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [securityGroup],
      timeout: Duration.seconds(30),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    props.allowFrom(securityGroup);
    props.grant(onEvent, ['es:ESHttpPut'], [`_index_template/${props.indexName}`]);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.resource = new CustomResource(this, 'Template', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::OpenSearchIndexTemplate',
      properties: {
        Endpoint: props.endpoint,
        TemplateName: props.indexName,
        Template: JSON.stringify(searchIndexTemplate(props.indexName)),
      },
    });
    this.resource.node.addDependency(onEvent);
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          'The CDK Provider framework pins its own runtime for the framework function; our handler runs on PIPELINE_RUNTIME',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The Provider framework function only writes its own logs; AWS-maintained minimum policy',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(onEvent)}.Arn>:*]`,
        reason: 'The Provider framework may invoke any version of the one setup function it wraps',
      },
    );
  }
}
