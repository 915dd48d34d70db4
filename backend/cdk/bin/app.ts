/**
 * The CDK app: `npx cdk synth` / `npm run deploy`. Configuration comes from context
 * (`cdk.json` or `-c clickstream:…=…`, see docs/deploy.md); cdk-nag's AwsSolutions pack runs
 * on every synth and fails it on any finding that is not acknowledged with a reason.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClickstreamStack } from '../lib/clickstream-stack';
import { pipelinePropsFromContext } from '../lib/pipeline-context';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
new ClickstreamStack(app, 'Clickstream', {
  description: 'Clickstream: ingest, stream, lake, search and analytics',
  pipeline: pipelinePropsFromContext(app.node),
});
app.synth();
