import { LIMITS } from '@clickstream/contract';
import { expect, test } from 'vitest';
import { MAX_BATCH } from './createOutbox';

test('the SDK never puts more events in one request than the ingest accepts', () => {
  expect(MAX_BATCH).toBe(LIMITS.maxBatchEvents);
});
