/* Script-tag build of the Web Vitals plugin: load it after the snippet (or the core script). */
import type { Client } from '../createClient';
import { webVitals } from './web-vitals';

type Track = Client['track'];

// `window.clickstream` looked up at each call: the snippet's stub is replaced by the real
// client when the core script loads, and a function captured earlier would go stale.
webVitals({
  track: (...args: Parameters<Track>) =>
    (window as Window & { clickstream?: { track: Track } }).clickstream?.track(...args),
});
