/** Least privilege across the whole stack: IAM assertions that hold for every role. */
import { describe, expect, it } from 'vitest';
import { iamStatements, roleStatements, sharedPipeline } from '../test-support/synth-pipeline';

const { template } = sharedPipeline();
const statements = iamStatements(template).filter((s) => s.Effect === 'Allow');

/** Actions that cannot be scoped to a resource ARN, each for a stated reason. */
const UNSCOPABLE = new Set([
  // Firehose L2, format conversion: schema-registry metadata, no data.
  'glue:GetSchemaVersion',
]);

const actionsOf = (roleFragment: string) =>
  new Set(roleStatements(template, roleFragment).flatMap((s) => s.Action));

describe('IAM', () => {
  it('grants no wildcard action anywhere', () => {
    for (const s of statements) {
      for (const action of s.Action) {
        expect(action, s.owner).not.toBe('*');
        expect(action, s.owner).not.toMatch(/:\*$/);
      }
    }
  });

  it('grants nothing on Resource "*" except actions that have no resource scope', () => {
    for (const s of statements) {
      if (s.Resource.includes('*')) {
        for (const action of s.Action) expect(UNSCOPABLE, `${s.owner} ${action}`).toContain(action);
      }
    }
  });

  it('lets the ingest function only put records, send bad rows and use the data key', () => {
    expect([...actionsOf('IngestFunctionServiceRole')].sort()).toEqual([
      'kinesis:PutRecord',
      'kinesis:PutRecords',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'sqs:SendMessage',
    ]);
  });

  it('lets the stream processor read its stream, write Firehose and index, and nothing else', () => {
    const actions = actionsOf('StreamProcessorServiceRole');
    expect([...actions].filter((a) => !/^(kinesis|kms|sqs):/.test(a)).sort()).toEqual([
      'es:ESHttpPost',
      'es:ESHttpPut',
      'firehose:PutRecord',
      'firehose:PutRecordBatch',
    ]);
    for (const action of actions) {
      expect(action).not.toMatch(/^kinesis:Put|^s3:|^sqs:(Receive|Delete)/);
    }
    const es = roleStatements(template, 'StreamProcessorServiceRole').find((s) =>
      s.Action.includes('es:ESHttpPost'),
    );
    expect(JSON.stringify(es?.Resource)).toContain('/_bulk');
    expect(JSON.stringify(es?.Resource)).toContain('/clickstream-events*');
  });

  it('lets Dashboards users call the domain with explicit actions, never es:ESHttp*', () => {
    const actions = actionsOf('SearchIdentityPoolAuthenticatedRole');
    expect([...actions].sort()).toEqual([
      'es:ESHttpDelete',
      'es:ESHttpGet',
      'es:ESHttpHead',
      'es:ESHttpPost',
      'es:ESHttpPut',
    ]);
  });

  it('lets the Spectrum role read the events prefix only, never write the lake', () => {
    const spectrum = roleStatements(template, 'WarehouseSpectrumRole');
    const s3Actions = spectrum.flatMap((s) => s.Action).filter((a) => a.startsWith('s3:'));
    expect(s3Actions.sort()).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
    const read = spectrum.find((s) => s.Action.includes('s3:GetObject'));
    expect(JSON.stringify(read?.Resource)).toContain('/events/*');
  });
});
