import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface NetworkProps {
  /**
   * Availability zones to spread subnets over. Redshift Serverless needs subnets in three
   * (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-usage-considerations.html);
   * an environment-agnostic stack must then expose three zones (see `ClickstreamStack`).
   * @default 3
   */
  readonly maxAzs?: number;
  /**
   * How many zones the Lambdas, interface endpoints and OpenSearch use. Each interface
   * endpoint costs per zone and hour, so two zones are the default: enough to survive one.
   * @default 2
   */
  readonly workloadAzs?: number;
  /**
   * IPv4 range of the VPC.
   * @default '10.40.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Extra interface endpoints, e.g. `ec2.InterfaceVpcEndpointAwsService.GLUE` for Redshift
   * Spectrum with enhanced VPC routing.
   * @default - none
   */
  readonly extraEndpoints?: readonly ec2.InterfaceVpcEndpointAwsService[];
  /**
   * Retention of the VPC flow logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The VPC: public subnets (only for an optional bastion; nothing of the pipeline lives there)
 * and private isolated subnets with no NAT gateway. Every AWS API the Lambdas call is reached
 * through a VPC endpoint, so pipeline data never crosses the internet.
 */
export class Network extends Construct {
  public readonly vpc: ec2.Vpc;
  /** Subnets for the Lambdas, interface endpoints and OpenSearch. */
  public readonly workloadSubnets: ec2.SubnetSelection;
  /** Every isolated subnet (Redshift Serverless needs three zones). */
  public readonly isolatedSubnets: ec2.SubnetSelection;
  /** The AWS services the Lambdas reach through interface endpoints. */
  public readonly endpointServices: readonly ec2.InterfaceVpcEndpointAwsService[];

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const maxAzs = props.maxAzs ?? 3;
    const available = Stack.of(this).availabilityZones.length;
    if (available < maxAzs) {
      throw new Error(
        `Network needs ${maxAzs} availability zones but the stack has ${available}: set the stack's env, override Stack.availabilityZones (as ClickstreamStack does) or lower maxAzs`,
      );
    }
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr ?? '10.40.0.0/16'),
      maxAzs,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      restrictDefaultSecurityGroup: false,
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    this.isolatedSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    this.workloadSubnets = {
      subnets: this.vpc.isolatedSubnets.slice(0, props.workloadAzs ?? 2),
    };
    // Exactly what the Lambdas call: ingest → Kinesis + SQS, processor → Firehose. KMS calls
    // are made by those services on the caller's behalf, so no KMS endpoint is needed.
    this.endpointServices = [
      ec2.InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
      ec2.InterfaceVpcEndpointAwsService.KINESIS_FIREHOSE,
      ec2.InterfaceVpcEndpointAwsService.SQS,
      ...(props.extraEndpoints ?? []),
    ];
    for (const service of this.endpointServices) {
      const endpoint = this.vpc.addInterfaceEndpoint(endpointId(service), {
        service,
        subnets: this.workloadSubnets,
        privateDnsEnabled: true,
      });
      Validations.of(endpoint).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'The endpoint security group admits HTTPS from the VPC CIDR only; cdk-nag cannot resolve the CIDR token (known false positive, toolchain.md)',
      });
    }
  }
}

function endpointId(service: ec2.InterfaceVpcEndpointAwsService): string {
  const name = service.shortName.replace(/(^|[-.])(\w)/g, (_m, _s, c: string) => c.toUpperCase());
  return `${name}Endpoint`;
}
