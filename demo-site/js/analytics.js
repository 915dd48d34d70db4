import { mountConsentBanner, readConsentChoice } from './consent-banner.js';
import { mountDebugPanel } from './debug-panel.js';

/** The demo site's write key: the local runtime accepts it from its own origin. */
export const WRITE_KEY = 'wk_local_demo';

/**
 * Starts the SDK the same way on every page: the `<script>` snippet's `window.clickstream` on
 * the plain pages, the ESM module on the single-page checkout. Until the visitor chooses in the
 * banner, consent is pending: nothing is stored or sent (opt-in, as the GDPR requires).
 *
 * @param {import('../../sdk/src/createClient').Client} client
 * @param {{ autoPage?: boolean }} [options] - `autoPage` for the single-page app
 */
export const startAnalytics = (client, { autoPage = false } = {}) => {
  // Subscribed before init(), so the panel also sees the first automatic page view.
  mountDebugPanel(client);
  client.init({
    endpoint: location.origin,
    writeKey: WRITE_KEY,
    consent: readConsentChoice() ?? 'pending',
    autoPage,
  });
  mountConsentBanner(client);
};
