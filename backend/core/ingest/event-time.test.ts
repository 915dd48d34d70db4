import { describe, expect, it } from 'vitest';
import { correctEventTime } from './event-time';

const received = new Date('2026-11-25T10:00:10.000Z');
const ms = (iso: string) => Date.parse(iso);

describe('clock-skew correction', () => {
  it('keeps an honest client time when the skew is inside the dead-band', () => {
    // 3 s between sentAt and receipt: network and queueing, not a wrong clock.
    const t = correctEventTime(
      '2026-11-25T10:00:05.000Z',
      ms('2026-11-25T10:00:07.000Z'),
      received,
      5000,
    );
    expect(t).toEqual({
      createdAt: '2026-11-25T10:00:05.000Z',
      clientTimestamp: '2026-11-25T10:00:05.000Z',
    });
  });

  it('shifts the event by receivedAt − sentAt when the client clock is off beyond the dead-band', () => {
    // The client clock runs one hour slow.
    const t = correctEventTime(
      '2026-11-25T08:59:58.000Z',
      ms('2026-11-25T09:00:09.000Z'),
      received,
      5000,
    );
    expect(t.createdAt).toBe('2026-11-25T09:59:59.000Z');
    expect(t.clientTimestamp).toBe('2026-11-25T08:59:58.000Z');
  });

  it('clamps a time still in the future to the receive time', () => {
    const t = correctEventTime(
      '2026-11-25T12:00:00.000Z',
      ms('2026-11-25T10:00:09.000Z'),
      received,
      5000,
    );
    expect(t.createdAt).toBe(received.toISOString());
    expect(t.clientTimestamp).toBe('2026-11-25T12:00:00.000Z');
  });

  it('normalises zoned times to UTC ending in Z', () => {
    const t = correctEventTime('2026-11-25T11:00:05+01:00', undefined, received, 5000);
    expect(t).toEqual({
      createdAt: '2026-11-25T10:00:05.000Z',
      clientTimestamp: '2026-11-25T10:00:05.000Z',
    });
  });

  it('uses the receive time when the event has no timestamp, and ignores an unparseable sentAt', () => {
    expect(correctEventTime(undefined, undefined, received, 5000)).toEqual({
      createdAt: received.toISOString(),
      clientTimestamp: null,
    });
    const t = correctEventTime('2026-11-25T10:00:00.000Z', Number.NaN, received, 5000);
    expect(t.createdAt).toBe('2026-11-25T10:00:00.000Z');
  });
});
