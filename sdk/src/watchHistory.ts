/**
 * Calls `callback` after every single-page-app navigation: `history.pushState` /
 * `replaceState` (wrapped, since they fire no event), `popstate` and `hashchange`.
 *
 * @param callback - called after the URL may have changed
 */
export const watchHistory = (callback: () => void): void => {
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = (...args) => {
      original.apply(history, args);
      callback();
    };
  }
  for (const type of ['popstate', 'hashchange']) addEventListener(type, callback);
};
