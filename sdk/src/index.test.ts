// @vitest-environment node
import { expect, test } from 'vitest';
import { consent, flush, identify, init, page, stats, track } from './index';

test('does nothing outside a browser (server-side rendering), and never throws there', async () => {
  expect(typeof document).toBe('undefined');
  expect(() => init({ endpoint: 'https://collect.example', writeKey: 'k' })).not.toThrow();
  expect(() => {
    track('Server Rendered');
    page();
    identify('user-1');
    consent.set('granted');
  }).not.toThrow();
  expect(stats()).toBeUndefined();
  await expect(flush()).resolves.toBeUndefined();
});
