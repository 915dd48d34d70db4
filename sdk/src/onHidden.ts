/**
 * Calls `callback` whenever the page may be about to go away: on `visibilitychange` to hidden
 * (the last reliable event on mobile, and the only one after which Chromium still delivers
 * what web-vitals reports; it bubbles from `document` to `window`) and on `pagehide` (Safari
 * does not always fire `visibilitychange` on close: segmentio/analytics-next #607). Never
 * `unload`: it disables the back/forward cache.
 *
 * @param callback - receives `true` on `pagehide`, when the document is being left
 * @see https://developer.chrome.com/docs/web-platform/page-lifecycle-api
 */
export const onHidden = (callback: (leaving: boolean) => void): void => {
  addEventListener('visibilitychange', () => document.hidden && callback(false));
  addEventListener('pagehide', () => callback(true));
};
