import type { CampaignContext } from '@clickstream/contract';

/**
 * Reads UTM parameters as Segment's `context.campaign` names them: `utm_campaign` → `name`,
 * any other `utm_x` → `x` (`source`, `medium`, `term`, `content`; the lake keeps those five).
 *
 * @param params - the page's query parameters, already scrubbed
 * @returns the campaign, or `undefined` when the URL has no UTM parameter
 * @see https://segment.com/docs/connections/spec/common/#context-fields-automatically-collected
 * @example campaign(new URLSearchParams('utm_source=news')) // { source: 'news' }
 */
export const campaign = (params: URLSearchParams): CampaignContext | undefined => {
  let found: Record<string, string> | undefined;
  for (const [key, value] of params) {
    if (key.startsWith('utm_')) {
      found ??= {};
      found[key === 'utm_campaign' ? 'name' : key.slice(4)] = value;
    }
  }
  return found;
};
