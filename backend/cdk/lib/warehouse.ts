import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshiftserverless';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EVENTS_PREFIX } from './lake-layout';
import { logicalIdOf } from './private/logical-id-of';

export interface WarehouseProps {
  readonly key: kms.IKey;
  readonly vpc: ec2.IVpc;
  /** Subnets in at least three zones (a Redshift Serverless requirement). */
  readonly subnets: ec2.SubnetSelection;
  readonly lakeBucket: s3.IBucket;
  /** Glue database Spectrum maps as an external schema. */
  readonly databaseName: string;
  /**
   * Base capacity in RPUs; billed per second only while queries run.
   * @default 8
   */
  readonly baseCapacity?: number;
  /**
   * Upper bound on RPUs, which bounds the cost of a runaway query.
   * @default 32
   */
  readonly maxCapacity?: number;
}

/**
 * Redshift Serverless in the private subnets, with enhanced VPC routing (Spectrum reads the
 * lake through the S3 gateway endpoint) and a role that can read only the lake's events and
 * its Glue table. The SQL in `backend/analytics/redshift/` maps the lake and loads a
 * deduplicated `clickstream.events` table.
 */
export class Warehouse extends Construct {
  public readonly namespace: redshift.CfnNamespace;
  public readonly workgroup: redshift.CfnWorkgroup;
  public readonly spectrumRole: iam.Role;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: WarehouseProps) {
    super(scope, id);
    const name = `clickstream-${this.node.addr.slice(0, 10)}`;
    this.spectrumRole = new iam.Role(this, 'SpectrumRole', {
      description: 'Redshift Spectrum: read the Clickstream lake and its Glue table',
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('redshift.amazonaws.com'),
        new iam.ServicePrincipal('redshift-serverless.amazonaws.com'),
      ),
    });
    const stack = Stack.of(this);
    const glueArn = (resource: string) =>
      stack.formatArn({ service: 'glue', resource, resourceName: undefined });
    this.spectrumRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadLakeCatalog',
        actions: [
          'glue:GetDatabase',
          'glue:GetDatabases',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:BatchGetPartition',
          // Spectrum cannot use Athena's partition projection: the load SQL registers the
          // hour it loads (ALTER TABLE … ADD PARTITION).
          'glue:CreatePartition',
          'glue:BatchCreatePartition',
        ],
        resources: [
          glueArn('catalog'),
          `${glueArn('database')}/${props.databaseName}`,
          `${glueArn('table')}/${props.databaseName}/*`,
        ],
      }),
    );
    this.spectrumRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadLakeEvents',
        actions: ['s3:GetObject'],
        resources: [props.lakeBucket.arnForObjects(`${EVENTS_PREFIX}*`)],
      }),
    );
    this.spectrumRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListLakeEvents',
        actions: ['s3:ListBucket', 's3:GetBucketLocation'],
        resources: [props.lakeBucket.bucketArn],
      }),
    );
    props.key.grantDecrypt(this.spectrumRole);

    // Outbound open: Spectrum reaches S3 through the gateway endpoint, whose prefix-list id
    // is only known in the target region; the isolated subnets have no internet route anyway.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Clickstream Redshift Serverless: no ingress until you add your client',
      allowAllOutbound: true,
    });

    this.namespace = new redshift.CfnNamespace(this, 'Namespace', {
      namespaceName: name,
      dbName: 'clickstream',
      adminUsername: 'clickstream_admin',
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: props.key.keyArn,
      kmsKeyId: props.key.keyArn,
      iamRoles: [this.spectrumRole.roleArn],
      defaultIamRoleArn: this.spectrumRole.roleArn,
      logExports: ['userlog', 'connectionlog', 'useractivitylog'],
    });
    this.workgroup = new redshift.CfnWorkgroup(this, 'Workgroup', {
      workgroupName: name,
      namespaceName: name,
      baseCapacity: props.baseCapacity ?? 8,
      maxCapacity: props.maxCapacity ?? 32,
      enhancedVpcRouting: true,
      publiclyAccessible: false,
      subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
      securityGroupIds: [this.securityGroup.securityGroupId],
      configParameters: [
        { parameterKey: 'require_ssl', parameterValue: 'true' },
        { parameterKey: 'enable_user_activity_logging', parameterValue: 'true' },
      ],
    });
    this.workgroup.node.addDependency(this.namespace);
    Validations.of(this.spectrumRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.lakeBucket)}.Arn>/${EVENTS_PREFIX}*]`,
        reason:
          'Spectrum reads every Parquet object of the events prefix (read only; error output and other prefixes excluded)',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${props.databaseName}/*]`,
        reason:
          'Spectrum resolves the tables of the one Clickstream database (events_raw and its view)',
      },
    );
  }
}
