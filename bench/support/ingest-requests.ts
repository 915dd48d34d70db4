import {
  postRequest,
  realisticBatch,
  testConfig,
} from '../../backend/core/ingest/fixtures/realistic-batch';
import { handleIngest } from '../../backend/core/ingest/handle-ingest';
import type { StreamRecord } from '../../backend/core/ingest/types';

/**
 * The ingest core's stream records for `count` requests of `batch` realistic events, each
 * request one user (`anon-<n>`) with unique message ids, numbered from `first`.
 *
 * @example const requests = ingestRequests(0, 2000); // 40,000 events
 */
export function ingestRequests(first: number, count: number, batch = 20): StreamRecord[][] {
  return Array.from({ length: count }, (_, n) => {
    const r = first + n;
    const envelope = realisticBatch(batch);
    envelope.batch.forEach((event, i) => {
      event.anonymousId = `anon-${r}`;
      event.messageId = `bench-${r}-${i}`;
    });
    return [...handleIngest(postRequest(JSON.stringify(envelope)), testConfig).records];
  });
}
