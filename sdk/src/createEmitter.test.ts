import { expect, test, vi } from 'vitest';
import { createEmitter } from './createEmitter';

type Hooks = { a: (n: number) => void; b: (s: string) => void };

test('calls the listeners of the emitted type only, in subscription order', () => {
  const [on, emit] = createEmitter<Hooks>();
  const calls: string[] = [];
  on('a', (n) => calls.push(`a1:${n}`));
  on('b', (s) => calls.push(`b:${s}`));
  on('a', (n) => calls.push(`a2:${n}`));
  emit('a', () => [7]);
  expect(calls).toEqual(['a1:7', 'a2:7']);
});

test('makes the arguments once, and only when someone listens to that type', () => {
  const [on, emit] = createEmitter<Hooks>();
  const args = vi.fn((): [number] => [1]);
  emit('a', args);
  on('b', () => {});
  emit('a', args);
  expect(args).not.toHaveBeenCalled();
  on('a', () => {});
  on('a', () => {});
  emit('a', args);
  expect(args).toHaveBeenCalledOnce();
});

test('stops calling a listener once unsubscribed', () => {
  const [on, emit] = createEmitter<Hooks>();
  const listener = vi.fn();
  const off = on('a', listener);
  emit('a', () => [1]);
  off();
  emit('a', () => [2]);
  expect(listener.mock.calls).toEqual([[1]]);
});

test('a throwing listener neither throws into the emitter nor stops the listeners after it', () => {
  const [on, emit] = createEmitter<Hooks>();
  const after = vi.fn();
  on('a', () => {
    throw new Error('panel bug');
  });
  on('a', after);
  expect(() => emit('a', () => [1])).not.toThrow();
  expect(after).toHaveBeenCalledWith(1);
});
