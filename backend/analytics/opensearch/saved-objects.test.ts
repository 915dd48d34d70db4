import { readFileSync } from 'node:fs';
import { searchMapping } from '@clickstream/contract';
import { describe, expect, it } from 'vitest';
import { NDJSON_FILE, savedObjects, savedObjectsNdjson, TIME_FIELD } from './saved-objects';

/** Every `field` an aggregation names, anywhere in a visState. */
function fieldsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(fieldsOf);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'field' && typeof v === 'string' ? [v] : fieldsOf(v),
    );
  }
  return [];
}

describe('Dashboards saved objects', () => {
  it('are checked in as generated (run saved-objects.ts after editing it)', () => {
    expect(readFileSync(NDJSON_FILE, 'utf8')).toBe(savedObjectsNdjson());
  });

  it('offer DAU, live events, top pages and the funnel on one dashboard', () => {
    const objects = savedObjects();
    const titles = objects.map((o) => o.attributes.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Daily active users',
        'Live events per minute by type',
        'Top pages',
        'Checkout funnel (unique users per step)',
        'Clickstream overview',
      ]),
    );
    const dashboard = objects.find((o) => o.type === 'dashboard');
    const ids = new Set(objects.map((o) => o.id));
    for (const reference of dashboard?.references ?? []) expect(ids).toContain(reference.id);
  });

  it('only use fields the index template maps, so no visualization breaks on a contract change', () => {
    const mapped = new Set(Object.keys(searchMapping.properties));
    expect(mapped).toContain(TIME_FIELD);
    const fields = savedObjects()
      .filter((o) => o.type === 'visualization')
      .flatMap((o) => fieldsOf(JSON.parse(o.attributes.visState as string)));
    expect(fields.length).toBeGreaterThan(4);
    for (const field of fields) expect(mapped, field).toContain(field);
    const search = savedObjects().find((o) => o.type === 'search');
    const columns = (search?.attributes.columns ?? []) as string[];
    expect(columns.length).toBeGreaterThan(2);
    for (const column of columns) expect(mapped, column).toContain(column);
  });
});
