import { isbot } from 'isbot';

/**
 * Verdicts by user agent: a site sees a few hundred distinct agents, and `isbot`'s one large
 * pattern costs a few microseconds per agent. Bounded: a client sending random agents only
 * makes it start over.
 */
const verdicts = new Map<string, boolean>();
const MAX_CACHED_AGENTS = 1024;

/**
 * Whether a user agent belongs to a bot, crawler or monitoring tool (`isbot`), remembered
 * across requests.
 *
 * @param userAgent - the event's or the request's user agent
 * @returns false when there is none
 * @example isBotAgent('Googlebot/2.1 (+http://www.google.com/bot.html)') // true
 * @see https://github.com/omrilotan/isbot
 */
export function isBotAgent(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return false;
  let verdict = verdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent);
    if (verdicts.size >= MAX_CACHED_AGENTS) verdicts.clear();
    verdicts.set(userAgent, verdict);
  }
  return verdict;
}
