import { describe, expect, it } from 'vitest';
import { createTraffic, generateTraffic } from './create-traffic';
import { type GeneratedEvent, KIND } from './generated-event';
import { createAnswerBook } from './known-answers';

const collect = (options: Parameters<typeof generateTraffic>[0]) => {
  const events: GeneratedEvent[] = [];
  const summary = generateTraffic(options, (e) => events.push(e));
  return { events, summary };
};

describe('generateTraffic', () => {
  it('generates the same events from the same seed, and other events from another', () => {
    const a = collect({ seed: 3, days: 5, newUsersPerDay: 20 });
    const b = collect({ seed: 3, days: 5, newUsersPerDay: 20 });
    const c = collect({ seed: 4, days: 5, newUsersPerDay: 20 });
    expect(b.events).toEqual(a.events);
    expect(c.events).not.toEqual(a.events);
  });

  it('generates one day per call of nextDay, the same events as in one go', () => {
    const whole = collect({ seed: 9, days: 4, newUsersPerDay: 10 });
    const traffic = createTraffic({ seed: 9, days: 4, newUsersPerDay: 10 });
    const days: GeneratedEvent[][] = [];
    for (;;) {
      const day: GeneratedEvent[] = [];
      if (!traffic.nextDay((e) => day.push(e))) break;
      days.push(day);
    }
    expect(days).toHaveLength(4);
    expect(days.flat()).toEqual(whole.events);
    expect(traffic.summary()).toEqual(whole.summary);
  });

  it('brings visitors back less and less: a falling retention curve', () => {
    const book = createAnswerBook(1);
    generateTraffic({ seed: 1, days: 29, newUsersPerDay: 100 }, book.add);
    const week = (wk: number) =>
      book
        .answers()
        .retention.filter((r) => r.cohort === '2026-10-01' && r.wk === wk)
        .reduce((n, r) => n + r.users, 0);
    // Visitors who log in on their first day count twice: anonymous, then identified.
    expect(week(0)).toBeGreaterThanOrEqual(100);
    for (let wk = 1; wk <= 4; wk++) {
      expect(week(wk)).toBeGreaterThan(0);
      expect(week(wk)).toBeLessThan(week(wk - 1));
    }
  });

  it('loses visitors at every funnel step', () => {
    const book = createAnswerBook(2);
    generateTraffic({ seed: 2, days: 7, newUsersPerDay: 200 }, book.add);
    const steps = book.answers().funnel.map((s) => s.sessions);
    expect(steps[3]).toBeGreaterThan(0);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThan(steps[i - 1] as number);
  });

  it('emits about the requested shares of crawlers, malformed events and duplicates', () => {
    const { events, summary } = collect({
      seed: 5,
      days: 7,
      newUsersPerDay: 200,
      malformedShare: 0.1,
      duplicateShare: 0.05,
    });
    expect(summary.malformed).toBe(events.filter((e) => e.kind === KIND.malformed).length);
    expect(summary.duplicates / summary.events).toBeCloseTo(0.05, 1);
    expect(summary.malformed / summary.sessions).toBeCloseTo(0.1, 1);
    const agents = new Set(events.map((e) => e.agent));
    expect(agents.has(5) || agents.has(6)).toBe(true);
  });

  it('stops at maxEvents once the current session is done', () => {
    const { summary } = collect({ seed: 6, newUsersPerDay: 100, maxEvents: 5_000 });
    const emitted = summary.events + summary.duplicates + summary.malformed;
    expect(emitted).toBeGreaterThanOrEqual(5_000);
    expect(emitted).toBeLessThan(5_200);
  });

  it('refuses a seed or a start day it cannot honour', () => {
    expect(() => generateTraffic({ seed: -1 }, () => {})).toThrow(RangeError);
    expect(() => generateTraffic({ startDay: 'tomorrow' }, () => {})).toThrow(RangeError);
  });
});
