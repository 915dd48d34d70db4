/*
 * The inline snippet (`dist/snippet.min.js`, at most 600 bytes): a stub `window.clickstream`
 * whose methods queue their calls in `q`, then the SDK loaded async, which replays `q` in order
 * (the pattern of Plausible's and Segment's snippets). Replace the URL with where you host
 * `clickstream.min.js`.
 */
((w: Window & { clickstream?: Record<string, unknown> }, d: Document, src: string) => {
  if (w.clickstream) return;
  const q: [string, unknown[]][] = [];
  const stub =
    (method: string) =>
    (...args: unknown[]) => {
      q.push([method, args]);
    };
  const c: Record<string, unknown> = { q, consent: { set: stub('consent.set'), get() {} } };
  for (const method of ['init', 'track', 'page', 'identify', 'reset', 'flush', 'debug', 'on']) {
    c[method] = stub(method);
  }
  w.clickstream = c;
  const s = d.createElement('script');
  s.async = true;
  s.src = src;
  d.head.appendChild(s);
})(window, document, 'https://cdn.example.com/clickstream.min.js');

// A module for the type-checker and tests; the build inlines it as a plain IIFE.
export {};
