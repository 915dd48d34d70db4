/**
 * Real bundling of the real handlers with the local esbuild (no Docker), as `cdk synth`
 * does it: the other CDK tests skip bundling to stay fast.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { INGEST_ENTRY } from '../ingest';
import { STREAM_PROCESSOR_ENTRY } from '../stream';
import { PipelineFunction } from './pipeline-function';

function bundle(entry: string) {
  const app = new App({ builtinCloudFormationValidation: false } as ConstructorParameters<
    typeof App
  >[0]);
  const stack = new Stack(app, 'Bundle');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
  const started = performance.now();
  const fn = new PipelineFunction(stack, 'Fn', {
    entry,
    description: 'bundling test',
    environment: {},
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [],
  });
  const assembly = app.synth();
  const ms = performance.now() - started;
  const assetPath = (fn.node.findChild('Code') as unknown as { assetPath: string }).assetPath;
  const dir = join(assembly.directory, assetPath);
  return { dir, files: readdirSync(dir).sort(), ms };
}

describe('PipelineFunction bundling', () => {
  for (const entry of [INGEST_ENTRY, STREAM_PROCESSOR_ENTRY]) {
    it(`bundles ${entry} into one minified CommonJS file with a source map`, () => {
      const { dir, files, ms } = bundle(entry);
      expect(files).toEqual(['index.js', 'index.js.map']);
      const code = readFileSync(join(dir, 'index.js'), 'utf8');
      expect(code).toMatch(/exports\.handler|module\.exports/);
      expect(code).not.toContain('aws-cdk-lib');
      // Minified: no indentation-heavy lines; bounded size (AWS SDK clients bundled in).
      expect(code.split('\n').length).toBeLessThan(200);
      const kib = statSync(join(dir, 'index.js')).size / 1024;
      expect(kib).toBeLessThan(1500);
      console.log(`${entry}: ${kib.toFixed(0)} KiB bundled in ${ms.toFixed(0)} ms`);
    });
  }
});
