import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { repoPath } from './repo-path';

export interface PipelineFunctionProps {
  /** Handler file relative to the repository root; it must `export const handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default undefined (no reservation) */
  readonly reservedConcurrentExecutions?: number;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The runtime every pipeline Lambda uses. Node.js 24, not 20: Lambda's `nodejs20.x` reached
 * end of support on 30 April 2026 and no longer accepts new functions, while the handlers are
 * plain ES2022 that the team runs on Node 20 locally and that runs unchanged on 24.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const PIPELINE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The one `NodejsFunction` wrapper: pins runtime, arm64, JSON logs with a retention, and
 * local esbuild bundling (minified, source maps, no Docker). The AWS SDK is bundled, not
 * taken from the runtime, so the deployed code runs the versions the tests ran.
 */
export class PipelineFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: repoPath(props.entry),
      handler: 'handler',
      projectRoot: repoPath(),
      depsLockFilePath: repoPath('package-lock.json'),
      description: props.description,
      runtime: PIPELINE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(10),
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: [],
        format: nodejs.OutputFormat.CJS,
        tsconfig: repoPath('backend', 'tsconfig.json'),
      },
    });
    const role = this.role as iam.Role;
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWS-maintained minimum for writing the function logs (CreateLogStream/PutLogEvents); the log group itself is explicit, with retention',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'AWS-maintained minimum for a VPC function: Lambda manages its network interfaces, which cannot be scoped to resource ARNs',
      },
    );
  }
}
