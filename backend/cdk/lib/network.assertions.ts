import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resourcesOf, sharedPipeline } from '../test-support/synth-pipeline';

const { template } = sharedPipeline();

describe('Network', () => {
  it('has public and private isolated subnets and no NAT gateway', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const subnets = resourcesOf(template, 'AWS::EC2::Subnet');
    expect(subnets.filter(([id]) => id.includes('public'))).toHaveLength(3);
    expect(subnets.filter(([id]) => id.includes('private'))).toHaveLength(3);
    for (const [, subnet] of subnets.filter(([id]) => id.includes('private'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    // Isolated route tables have no default route at all.
    for (const [, route] of resourcesOf(template, 'AWS::EC2::Route')) {
      expect(JSON.stringify(route.Properties.RouteTableId)).toContain('public');
    }
  });

  it('reaches S3 through a gateway endpoint and each called service through an interface endpoint', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
    });
    const services = resourcesOf(template, 'AWS::EC2::VPCEndpoint')
      .filter(([, e]) => e.Properties.VpcEndpointType === 'Interface')
      .map(([, e]) => JSON.stringify(e.Properties.ServiceName).match(/\.([a-z-]+)"\]\]\}$/)?.[1]);
    expect(services.sort()).toEqual(['glue', 'kinesis-firehose', 'kinesis-streams', 'sqs']);
    for (const [, endpoint] of resourcesOf(template, 'AWS::EC2::VPCEndpoint')) {
      if (endpoint.Properties.VpcEndpointType === 'Interface') {
        expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
        expect(endpoint.Properties.SubnetIds).toHaveLength(2);
      }
    }
  });

  it('logs rejected traffic', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'REJECT',
      LogDestinationType: 'cloud-watch-logs',
    });
  });

  it('runs every pipeline Lambda in the private subnets with HTTPS-only egress', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Properties.Runtime === 'nodejs24.x' && f.Properties.Architectures,
    );
    expect(functions.length).toBe(3);
    for (const [id, fn] of functions) {
      const subnets = JSON.stringify((fn.Properties.VpcConfig as { SubnetIds: unknown }).SubnetIds);
      expect(subnets, id).toContain('privateSubnet');
      expect(subnets, id).not.toContain('public');
    }
    for (const [id, group] of resourcesOf(template, 'AWS::EC2::SecurityGroup')) {
      if (!/Ingest|Processor|IndexTemplate/.test(id)) continue;
      expect(group.Properties.SecurityGroupEgress, id).toEqual([
        expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ]);
    }
  });
});
