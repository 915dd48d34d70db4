import { readFileSync } from 'node:fs';
import { LIMITS, lakeColumns } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import { postRequest, testConfig, WRITE_KEY } from './fixtures/realistic-batch';
import { handleIngest } from './handle-ingest';

const doc = readFileSync(new URL('../../../docs/event-spec.md', import.meta.url), 'utf8');
const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? ''));

describe('docs/event-spec.md', () => {
  it('shows only examples the ingest accepts', () => {
    expect(jsonBlocks.length).toBeGreaterThanOrEqual(3);
    for (const block of jsonBlocks) {
      const envelope = 'batch' in block ? block : { batch: [block] };
      const body = JSON.stringify({ ...envelope, writeKey: WRITE_KEY });
      const result = handleIngest(postRequest(body), testConfig);
      expect(JSON.parse(result.response.body)).toMatchObject({ ok: true, rejected: [] });
    }
  });

  it('lists every lake column of the contract', () => {
    const listed = doc.slice(doc.indexOf('## Lake columns')).replace(/\s+/g, ' ');
    for (const column of lakeColumns) expect(listed).toContain(column.name);
  });

  it('publishes every limit with its value', () => {
    expect(doc).toContain(`${LIMITS.maxBatchBytes.toLocaleString('en')} bytes`);
    expect(doc).toContain(`${LIMITS.maxEventBytes.toLocaleString('en')} bytes`);
    expect(doc).toMatch(new RegExp(`\\| events per batch +\\| ${LIMITS.maxBatchEvents} +\\|`));
    expect(doc).toContain(`${LIMITS.maxStringLength.toLocaleString('en')} characters`);
    expect(doc).toContain(`${LIMITS.maxDepth} levels`);
  });
});
