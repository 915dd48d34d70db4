import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, pipelinePropsFromContext } from './pipeline-context';

const sites = [{ writeKey: 'wk', allowedOrigins: ['https://shop.example.com'] }];
const props = (context: Record<string, unknown>) =>
  pipelinePropsFromContext(new App({ context }).node);

describe('pipelinePropsFromContext', () => {
  it('deploys OpenSearch and Redshift but not QuickSight by default', () => {
    expect(props({ [CONTEXT_KEYS.sites]: sites })).toMatchObject({
      sites,
      search: {},
      warehouse: {},
    });
    expect(props({ [CONTEXT_KEYS.sites]: sites }).quickSight).toBeUndefined();
  });

  it('accepts -c strings as well as typed cdk.json values', () => {
    const fromCli = props({
      [CONTEXT_KEYS.sites]: JSON.stringify(sites),
      [CONTEXT_KEYS.openSearch]: 'false',
      [CONTEXT_KEYS.redshift]: 'false',
      [CONTEXT_KEYS.lakeRetentionDays]: '400',
      [CONTEXT_KEYS.throttleRate]: '250',
      [CONTEXT_KEYS.processorReservedConcurrency]: '0',
    });
    expect(fromCli).toMatchObject({
      sites,
      search: false,
      warehouse: false,
      lake: { retentionDays: 400 },
      edge: { throttleRate: 250, throttleBurst: 500 },
      stream: { reservedConcurrency: undefined },
    });
  });

  it('turns QuickSight on only with an owner to give the data sets to', () => {
    expect(() => props({ [CONTEXT_KEYS.sites]: sites, [CONTEXT_KEYS.quickSight]: true })).toThrow(
      /clickstream:quickSightOwnerArn/,
    );
    const ownerArn = 'arn:aws:quicksight:eu-west-1:111122223333:user/default/ana';
    expect(
      props({
        [CONTEXT_KEYS.sites]: sites,
        [CONTEXT_KEYS.quickSight]: 'true',
        [CONTEXT_KEYS.quickSightOwnerArn]: ownerArn,
      }).quickSight,
    ).toEqual({ ownerArn });
  });

  it('names the context key in every configuration error', () => {
    expect(() => props({})).toThrow(/clickstream:sites must be a non-empty JSON array/);
    expect(() => props({ [CONTEXT_KEYS.sites]: '[{' })).toThrow(
      /clickstream:sites is not valid JSON/,
    );
    expect(() => props({ [CONTEXT_KEYS.sites]: [{ writeKey: 'k', allowedOrigins: [] }] })).toThrow(
      /clickstream:sites\[0\] needs a writeKey string and a non-empty allowedOrigins/,
    );
    expect(() => props({ [CONTEXT_KEYS.sites]: sites, [CONTEXT_KEYS.redshift]: 'yes' })).toThrow(
      /clickstream:redshift must be true or false/,
    );
    expect(() =>
      props({ [CONTEXT_KEYS.sites]: sites, [CONTEXT_KEYS.openSearchDataNodes]: '2.5' }),
    ).toThrow(/clickstream:openSearchDataNodes must be a non-negative integer/);
  });
});
