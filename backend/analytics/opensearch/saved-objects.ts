/**
 * OpenSearch Dashboards saved objects for the events index: daily active users, live events,
 * top pages and the checkout funnel, on one dashboard. `dashboards.ndjson` is generated from
 * this file (`node --import tsx backend/analytics/opensearch/saved-objects.ts`) and imported
 * in Dashboards under Dashboards Management → Saved objects → Import (docs/deploy.md).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The index pattern id every object references. */
export const INDEX_PATTERN_ID = 'clickstream-events';
/** Server receive time: trustworthy, unlike the client's clock. */
export const TIME_FIELD = 'received_at';
/** Segment e-commerce spec names; edit the funnel steps to match your events. */
export const FUNNEL_STEPS = [
  { label: 'Viewed a page', query: 'type:page' },
  { label: 'Viewed a product', query: 'event:"Product Viewed"' },
  { label: 'Added to cart', query: 'event:"Product Added"' },
  { label: 'Completed an order', query: 'event:"Order Completed"' },
] as const;

export interface SavedObject {
  readonly type: 'index-pattern' | 'visualization' | 'search' | 'dashboard';
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly { name: string; type: string; id: string }[];
}

const indexRef = [
  {
    name: 'kibanaSavedObjectMeta.searchSourceJSON.index',
    type: 'index-pattern',
    id: INDEX_PATTERN_ID,
  },
];
const searchSource = (query = '') =>
  JSON.stringify({
    query: { query, language: 'kuery' },
    filter: [],
    indexRefName: 'kibanaSavedObjectMeta.searchSourceJSON.index',
  });

function visualization(id: string, title: string, visState: Record<string, unknown>): SavedObject {
  return {
    type: 'visualization',
    id,
    attributes: {
      title,
      visState: JSON.stringify({ title, ...visState }),
      uiStateJSON: '{}',
      description: '',
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: searchSource() },
    },
    references: indexRef,
  };
}

const dateHistogram = (interval: string) => ({
  id: '2',
  enabled: true,
  type: 'date_histogram',
  schema: 'segment',
  params: { field: TIME_FIELD, interval, min_doc_count: 0, extended_bounds: {} },
});
const uniqueUsers = {
  id: '1',
  enabled: true,
  type: 'cardinality',
  schema: 'metric',
  params: { field: 'user_id' },
};
const count = { id: '1', enabled: true, type: 'count', schema: 'metric', params: {} };

/** Every saved object, index pattern first (import order matters for references). */
export function savedObjects(): SavedObject[] {
  const objects: SavedObject[] = [
    {
      type: 'index-pattern',
      id: INDEX_PATTERN_ID,
      attributes: { title: `${INDEX_PATTERN_ID}*`, timeFieldName: TIME_FIELD },
      references: [],
    },
    visualization('clickstream-dau', 'Daily active users', {
      type: 'line',
      params: { type: 'line', addTooltip: true, addLegend: false },
      aggs: [uniqueUsers, dateHistogram('d')],
    }),
    visualization('clickstream-live-events', 'Live events per minute by type', {
      type: 'histogram',
      params: { type: 'histogram', addTooltip: true, addLegend: true },
      aggs: [
        count,
        dateHistogram('m'),
        {
          id: '3',
          enabled: true,
          type: 'terms',
          schema: 'group',
          params: { field: 'type', size: 5, order: 'desc', orderBy: '1' },
        },
      ],
    }),
    visualization('clickstream-top-pages', 'Top pages', {
      type: 'table',
      params: { perPage: 20 },
      aggs: [
        count,
        { ...uniqueUsers, id: '3' },
        {
          id: '2',
          enabled: true,
          type: 'terms',
          schema: 'bucket',
          params: { field: 'page_path', size: 20, order: 'desc', orderBy: '1' },
        },
      ],
    }),
    visualization('clickstream-funnel', 'Checkout funnel (unique users per step)', {
      type: 'horizontal_bar',
      params: { type: 'histogram', addTooltip: true, addLegend: false },
      aggs: [
        uniqueUsers,
        {
          id: '2',
          enabled: true,
          type: 'filters',
          schema: 'segment',
          params: {
            filters: FUNNEL_STEPS.map((s) => ({
              input: { query: s.query, language: 'kuery' },
              label: s.label,
            })),
          },
        },
      ],
    }),
    {
      type: 'search',
      id: 'clickstream-latest-events',
      attributes: {
        title: 'Latest events',
        columns: ['type', 'event', 'page_path', 'user_id', 'referrer'],
        sort: [[TIME_FIELD, 'desc']],
        kibanaSavedObjectMeta: { searchSourceJSON: searchSource() },
      },
      references: indexRef,
    },
  ];
  const panels = objects.filter((o) => o.type === 'visualization' || o.type === 'search');
  objects.push({
    type: 'dashboard',
    id: 'clickstream-overview',
    attributes: {
      title: 'Clickstream overview',
      timeRestore: true,
      timeFrom: 'now-7d',
      timeTo: 'now',
      refreshInterval: { pause: false, value: 30_000 },
      panelsJSON: JSON.stringify(
        panels.map((_panel, i) => ({
          panelIndex: String(i + 1),
          gridData: { x: (i % 2) * 24, y: Math.floor(i / 2) * 15, w: 24, h: 15, i: String(i + 1) },
          embeddableConfig: {},
          panelRefName: `panel_${i}`,
        })),
      ),
      optionsJSON: JSON.stringify({ useMargins: true, hidePanelTitles: false }),
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }),
      },
    },
    references: panels.map((p, i) => ({ name: `panel_${i}`, type: p.type, id: p.id })),
  });
  return objects;
}

/** The NDJSON Dashboards imports: one object per line. */
export function savedObjectsNdjson(): string {
  return `${savedObjects()
    .map((o) => JSON.stringify(o))
    .join('\n')}\n`;
}

export const NDJSON_FILE = fileURLToPath(new URL('dashboards.ndjson', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(NDJSON_FILE, savedObjectsNdjson());
  console.log(`wrote ${NDJSON_FILE}`);
}
