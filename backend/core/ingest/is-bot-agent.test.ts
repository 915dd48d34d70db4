import { describe, expect, it } from 'vitest';
import { CHROME_UA } from './fixtures/realistic-batch';
import { isBotAgent } from './is-bot-agent';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('isBotAgent', () => {
  it('tells crawlers from browsers, and says no when there is no agent', () => {
    expect(isBotAgent(GOOGLEBOT)).toBe(true);
    expect(isBotAgent(CHROME_UA)).toBe(false);
    expect(isBotAgent(undefined)).toBe(false);
  });

  it('gives the same verdicts after more distinct agents than it remembers', () => {
    for (let i = 0; i < 3000; i++) isBotAgent(`${CHROME_UA} build/${i}`);
    expect(isBotAgent(GOOGLEBOT)).toBe(true);
    expect(isBotAgent(CHROME_UA)).toBe(false);
  });
});
