import { expect, test, vi } from 'vitest';
import { createHooks } from './createHooks';

const text = (event: string) => JSON.stringify({ type: 'track', event });

test('calls the listeners of the emitted type only, in subscription order, with parsed events', () => {
  const [on, emit] = createHooks();
  const calls: unknown[] = [];
  on('sent', (events) => calls.push(['sent1', events.map((e) => 'event' in e && e.event)]));
  on('queued', (event) => calls.push(['queued', 'event' in event && event.event]));
  on('sent', (events) => calls.push(['sent2', events.length]));
  emit('sent', [text('a'), text('b')]);
  emit('queued', [text('c')]);
  expect(calls).toEqual([
    ['sent1', ['a', 'b']],
    ['sent2', 2],
    ['queued', 'c'],
  ]);
});

test('passes the drop reason', () => {
  const [on, emit] = createHooks();
  const dropped = vi.fn();
  on('dropped', dropped);
  emit('dropped', [text('a')], 'overflow');
  expect(dropped).toHaveBeenCalledWith([{ type: 'track', event: 'a' }], 'overflow');
});

test('parses once per emit, and only when someone listens to that type', () => {
  const [on, emit] = createHooks();
  const parse = vi.spyOn(JSON, 'parse');
  emit('sent', [text('a')]);
  on('queued', () => {});
  emit('sent', [text('a')]);
  expect(parse).not.toHaveBeenCalled();
  on('sent', () => {});
  on('sent', () => {});
  emit('sent', [text('a')]);
  expect(parse).toHaveBeenCalledOnce();
  parse.mockRestore();
});

test('stops calling a listener once unsubscribed', () => {
  const [on, emit] = createHooks();
  const listener = vi.fn();
  const off = on('queued', listener);
  emit('queued', [text('a')]);
  off();
  emit('queued', [text('b')]);
  expect(listener).toHaveBeenCalledOnce();
});

test('a throwing listener neither throws into the emitter nor stops the listeners after it', () => {
  const [on, emit] = createHooks();
  const after = vi.fn();
  on('queued', () => {
    throw new Error('panel bug');
  });
  on('queued', after);
  expect(() => emit('queued', [text('a')])).not.toThrow();
  expect(after).toHaveBeenCalledOnce();
});
