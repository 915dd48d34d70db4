import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { Client } from './createClient';
import { fakeNetwork } from './testing/fakeNetwork';
import { MemoryStorage } from './testing/memoryStorage';

type Global = Window & { clickstream?: Client & { q?: unknown[] } };
const w = window as Global;

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage());
  vi.stubGlobal('CompressionStream', undefined);
  delete w.clickstream;
  // The snippet appends a <script>; happy-dom must not fetch it.
  vi.spyOn(document.head, 'appendChild').mockImplementation((node) => node);
  vi.resetModules();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test('the snippet queues calls and the script replays them in order once loaded', async () => {
  const net = fakeNetwork();
  await import('./snippet');
  const stub = w.clickstream as Global['clickstream'] & Record<string, (...a: unknown[]) => void>;
  const script = vi.mocked(document.head.appendChild).mock.calls[0]?.[0] as HTMLScriptElement;
  expect(script.async).toBe(true);
  stub.track('before init');
  stub.consent.set({ analytics: true, marketing: true });
  stub.init({ endpoint: 'https://collect.example', writeKey: 'snippet', consent: 'pending' });
  stub.identify('u1');
  stub.track('second', { n: 2 });
  expect(stub.q).toHaveLength(5);

  await import('./iife');
  const client = w.clickstream as Client;
  expect(client.version).toBe('0.1.0');
  expect(client.consent.get()).toEqual({ analytics: true, marketing: true });
  await client.flush();
  const events = net.batches('snippet').flat();
  // The call made before init() is dropped with a warning, like any call before init().
  expect(events.map((e) => e.type)).toEqual(['identify', 'track']);
  expect(events[1]).toMatchObject({ event: 'second', userId: 'u1', properties: { n: 2 } });
});

test('a failing queued call is reported and does not stop the ones after it', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const net = fakeNetwork();
  await import('./snippet');
  const stub = w.clickstream as unknown as Record<string, (...a: unknown[]) => void>;
  stub.init?.({ endpoint: 'https://collect.example' });
  stub.init?.({ endpoint: 'https://collect.example', writeKey: 'second' });
  stub.track?.('kept');
  await import('./iife');
  await (w.clickstream as Client).flush();
  expect(error).toHaveBeenCalledWith(
    expect.objectContaining({ message: expect.stringMatching(/writeKey/) }),
  );
  expect(net.batches('second').flat()).toHaveLength(1);
});

test('loading the script twice keeps the first instance', async () => {
  await import('./iife');
  const first = w.clickstream;
  vi.resetModules();
  await import('./iife');
  expect(w.clickstream).toBe(first);
});
