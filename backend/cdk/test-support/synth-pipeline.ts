/**
 * Test support: synthesizes the stack the way `cdk synth` does (cdk-nag AwsSolutions on, so
 * any unacknowledged finding throws), minus CloudFormation's built-in validation (+4 s,
 * +270 MiB per synth, toolchain.md) and minus Lambda bundling, which
 * `pipeline-function.test.ts` exercises on its own. Synthesize once per test file.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ClickstreamPipelineProps } from '../lib/clickstream-pipeline';
import { ClickstreamStack } from '../lib/clickstream-stack';

export const TEST_SITES = [
  { writeKey: 'wk_shop', allowedOrigins: ['https://shop.example.com', 'https://*.example.org'] },
];

/** A test app: nag registered, bundling skipped, built-in validation off. */
export function testApp(context: Record<string, unknown> = {}): App {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: {
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/customresources:installLatestAwsSdkDefault': false,
      ...context,
    },
  } as ConstructorParameters<typeof App>[0]);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/**
 * @param pipeline - props overrides; `sites` defaults to `TEST_SITES`
 * @returns the stack and its template
 */
export function synthPipeline(pipeline: Partial<ClickstreamPipelineProps> = {}) {
  const app = testApp();
  const stack = new ClickstreamStack(app, 'Clickstream', {
    pipeline: { sites: TEST_SITES, ...pipeline },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/**
 * The props every `*.assertions.ts` module shares: defaults plus a few non-default values the
 * edge, ingest and observability assertions check.
 */
export const SHARED_PIPELINE_PROPS: Partial<ClickstreamPipelineProps> = {
  edge: { throttleRate: 500, throttleBurst: 800 },
  ingest: { skewDeadBandMs: 8000 },
  alarmEmail: 'ops@example.com',
};

let shared: ReturnType<typeof synthPipeline> | undefined;

/**
 * One synthesized stack for all construct assertions run by `lib/pipeline.test.ts`: loading
 * aws-cdk-lib and synthesizing cost ~5 s of CPU per test file, so nine files sharing one
 * synth keep the CDK suite well under its 2-minute budget on two cores.
 */
export function sharedPipeline(): ReturnType<typeof synthPipeline> {
  shared ??= synthPipeline(SHARED_PIPELINE_PROPS);
  return shared;
}

/** Resources of one type whose logical id contains `fragment` (construct path, flattened). */
export function resourcesOf(
  template: Template,
  type: string,
  fragment = '',
): [string, { Properties: Record<string, unknown> }][] {
  return Object.entries(template.findResources(type)).filter(([id]) => id.includes(fragment)) as [
    string,
    { Properties: Record<string, unknown> },
  ][];
}

/** Every IAM statement of the template, with the policy or role it belongs to. */
export function iamStatements(template: Template) {
  const statements: { owner: string; Action: string[]; Resource: unknown[]; Effect: string }[] = [];
  const push = (owner: string, document: { Statement: Record<string, unknown>[] }) => {
    for (const s of document.Statement) {
      statements.push({
        owner,
        Effect: s.Effect as string,
        Action: ([] as string[]).concat((s.Action ?? []) as string | string[]),
        Resource: ([] as unknown[]).concat(s.Resource ?? []),
      });
    }
  };
  for (const [id, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    push(id, policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] });
  }
  for (const [id, role] of resourcesOf(template, 'AWS::IAM::Role')) {
    for (const p of (role.Properties.Policies ?? []) as { PolicyDocument: never }[]) {
      push(id, p.PolicyDocument);
    }
  }
  return statements;
}

/** The role policy statements attached to the role whose logical id contains `fragment`. */
export function roleStatements(template: Template, roleFragment: string) {
  const roles = resourcesOf(template, 'AWS::IAM::Role', roleFragment).map(([id]) => id);
  return iamStatements(template).filter((s) => {
    const policy = template.findResources('AWS::IAM::Policy')[s.owner];
    const attached = (policy?.Properties?.Roles ?? []) as { Ref: string }[];
    return attached.some((r) => roles.includes(r.Ref)) || roles.includes(s.owner);
  });
}

/** Replaces asset hashes, which change with any source file, so snapshots show real changes. */
export function normalizeAssets(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, 'ASSET$1'));
}

/** CloudFormation properties: untyped JSON that the assertions navigate freely. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
export type CfnProperties = Record<string, any>;

/**
 * The properties of the one resource of a type whose logical id contains `fragment`.
 * @throws {Error} when there is none or more than one, so a test never asserts on nothing
 */
export function propertiesOf(template: Template, type: string, fragment = ''): CfnProperties {
  const found = resourcesOf(template, type, fragment);
  if (found.length !== 1) {
    throw new Error(`expected one ${type} matching "${fragment}", found ${found.length}`);
  }
  return (found[0] as [string, { Properties: CfnProperties }])[1].Properties;
}
