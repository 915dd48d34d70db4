import type { Consent } from '@clickstream/contract';
import { expect, test, vi } from 'vitest';
import { tcf } from './tcf';

type Listener = (data: Record<string, unknown> | null, success: boolean) => void;

/** A CMP's `__tcfapi` that lets the test emit TCData events. */
const cmp = () => {
  let listener: Listener | undefined;
  const api = vi.fn((command: string, _version: number, callback: Listener) => {
    if (command === 'addEventListener') listener = callback;
  });
  return {
    w: { __tcfapi: api } as unknown as Window,
    api,
    emit: (d: Record<string, unknown>) => listener?.(d, true),
  };
};

const consents = (...ids: number[]) => Object.fromEntries(ids.map((id) => [id, true]));

test('sets analytics and marketing from the consented purposes once the TC string is loaded', () => {
  const { w, emit } = cmp();
  const calls: Consent[] = [];
  tcf({ set: (c) => calls.push(c) }, {}, w);
  emit({ eventStatus: 'cmpuishown', gdprApplies: true, purpose: { consents: {} } });
  emit({
    eventStatus: 'tcloaded',
    gdprApplies: true,
    listenerId: 3,
    purpose: { consents: consents(1, 8) },
  });
  emit({
    eventStatus: 'useractioncomplete',
    gdprApplies: true,
    purpose: { consents: consents(1, 3, 4, 8) },
  });
  expect(calls).toEqual([
    { analytics: true, marketing: false },
    { analytics: true, marketing: true },
  ]);
});

test('grants both where GDPR does not apply, and requires the vendor consent when given an id', () => {
  const { w, emit } = cmp();
  const calls: Consent[] = [];
  tcf({ set: (c) => calls.push(c) }, { vendorId: 42 }, w);
  emit({ eventStatus: 'tcloaded', gdprApplies: false });
  emit({
    eventStatus: 'tcloaded',
    gdprApplies: true,
    purpose: { consents: consents(1, 8) },
    vendor: { consents: {} },
  });
  expect(calls).toEqual([
    { analytics: true, marketing: true },
    { analytics: false, marketing: false },
  ]);
});

test('removes its listener when stopped, and is a no-op without a CMP', () => {
  const { w, api, emit } = cmp();
  const stop = tcf({ set: () => {} }, {}, w);
  emit({ eventStatus: 'tcloaded', listenerId: 7, gdprApplies: false });
  stop();
  expect(api).toHaveBeenLastCalledWith('removeEventListener', 2, expect.any(Function), 7);
  expect(() => tcf({ set: () => {} }, {}, {} as Window)()).not.toThrow();
});
