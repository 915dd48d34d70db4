import type { ClickstreamEvent, Consent, EventContext } from '@clickstream/contract';
import { createHooks } from './createHooks';
import { createOutbox, type Outbox } from './createOutbox';
import { onHidden } from './onHidden';
import type { ConsentInit, Hooks, Options, Properties, Stats } from './options';
import { pageContext } from './pageContext';
import { read, write } from './storage';
import { uuid } from './uuid';
import { VERSION } from './version';
import { watchHistory } from './watchHistory';

/** The public API, as `window.clickstream` and as the npm package's exports. */
export interface Client {
  /** Starts the SDK. Throws on a missing `endpoint` / `writeKey` or a second call. */
  init(options: Options): void;
  /** Records an action, e.g. `track('Order Completed', { total: 42 })`. */
  track(event: string, properties?: Properties): void;
  /** Records a page view; `name` defaults to none, the URL and title come from the page. */
  page(name?: string, properties?: Properties): void;
  /** Ties this visitor to your user id; later events carry `userId`. */
  identify(userId: string, traits?: Properties): void;
  /** Logout: forgets the user id and starts a new anonymous id and session. */
  reset(): void;
  /** Sends what is queued now; settles when handed over or a retry is scheduled. */
  flush(): Promise<void>;
  /** Consent: `set` merges categories (or takes `'granted'` / `'denied'`); `get` returns them, `undefined` while pending. */
  consent: {
    set(consent: Consent | 'granted' | 'denied'): void;
    get(): Consent | undefined;
  };
  /** Logs warnings (dropped calls, failed sends, retries) to the console. */
  debug(enabled?: boolean): void;
  /** The SDK version; the script-tag build also uses it to tell itself from the snippet stub. */
  version: string;
  /** Subscribes to `queued`, `sent` or `dropped`; returns an unsubscribe function. */
  on<K extends keyof Hooks>(type: K, listener: Hooks[K]): () => void;
  /** Events dropped so far (see `DropReason`) and unsent now; `undefined` before `init`. */
  stats(): Stats | undefined;
}

/** A session ends after 30 minutes without an event (Google Analytics' and Segment's rule). */
const SESSION_MS = 30 * 60_000;

/** Identity as stored: anonymousId, userId, sessionId, last activity (ms). */
type Identity = [string, string | null, number, number];

/**
 * Creates an SDK instance. The npm entry and the script tag each make one; tests make many.
 * Nothing global is touched before `init()`.
 *
 * @returns the client
 */
export const createClient = (): Client => {
  const [on, emit] = createHooks();
  let o: Options | undefined;
  let box: Outbox;
  /** Granted categories; `undefined` while consent is pending. */
  let consent: Consent | undefined;
  let anonymousId = uuid();
  /** The random half of every messageId (see `record`); new with every anonymousId. */
  let ids = uuid();
  let seq = 0;
  let userId: string | null = null;
  let sessionId = 0;
  let last = 0;
  let verbose = false;
  let idKey = '';
  /** `reset()` ran: the stored identity is someone else's and is not restored at a grant. */
  let forgot = false;

  const warn = (...args: unknown[]) => {
    if (verbose) console.warn('clickstream:', ...args);
  };
  const granted = () => !!consent?.analytics;
  const saveIdentity = () =>
    granted() &&
    write(idKey, JSON.stringify([anonymousId, userId, sessionId, last] satisfies Identity));

  /** A new anonymous id and session, no user id; stored only with consent. */
  const forgetUser = () => {
    forgot = true;
    anonymousId = uuid();
    ids = uuid();
    userId = null;
    last = 0;
    saveIdentity();
  };

  const record = (fields: Partial<ClickstreamEvent>, props: unknown, key = 'properties') => {
    // Before init() there is no endpoint: dropped (the snippet stub queues calls until then).
    // Denied: dropped. Pending, categories set or not: buffered.
    if (!o || consent?.analytics === false) return;
    // A snapshot, kept as the JSON text that is stored and sent (parsing it back cost more
    // than the rest of track(), issue 3): later changes by the caller cannot alter what was
    // recorded, and what cannot be serialized fails here, not in the stored queue.
    const json = JSON.stringify(props ?? {});
    // Only a JSON object's text starts with `{`: not an array, primitive, date or function.
    if (json?.[0] !== '{') return warn('bad argument', props);
    const now = Date.now();
    if (now - last > SESSION_MS) sessionId = now;
    last = now;
    const head = JSON.stringify({
      // Unique as a UUID is (a random one per client, and a counter), but without the ~5 µs
      // that crypto.randomUUID() costs per call in Chromium (issue 3). New with reset(), so
      // that ids do not link a visitor across it.
      messageId: `${ids}-${++seq}`,
      ...fields,
      timestamp: new Date(now).toISOString(),
      anonymousId,
      userId,
      sessionId,
    } satisfies Partial<ClickstreamEvent>);
    box._push(`${head.slice(0, -1)},"${key}":${json},"context":${pageContext(consent)}}`);
  };

  /** A non-empty string, or a warning: event names and user ids. */
  const name = (value: unknown) =>
    (typeof value === 'string' && value) || warn('bad argument', value);

  const setConsent = (value: Consent | 'granted' | 'denied') => {
    const was = granted();
    consent =
      typeof value === 'string' ? { analytics: value === 'granted' } : { ...consent, ...value };
    // Before init (a CMP adapter may answer first): kept, and applied by init().
    if (!o) return;
    // Categories without `analytics` (Consent Mode's `ad_storage` alone) decide nothing about
    // it: pending stays pending, granted stays granted.
    if (consent.analytics === false) {
      box._erase();
      forgetUser();
    } else if (granted() && !was) {
      // The stored identity is this visitor's, unless reset() (a logout) ran while pending.
      const stored = forgot ? null : read<Identity>(idKey);
      const prev = anonymousId;
      if (stored) {
        [anonymousId] = stored;
        userId ??= stored[1];
        // The stored session goes on if it was active within 30 minutes; the last activity is
        // the buffered events' when there are any.
        if (Date.now() - stored[3] < SESSION_MS) {
          sessionId = stored[2];
          last ||= stored[3];
        }
      }
      // Events buffered while pending were recorded before the decision this grant is: they
      // get the consent, and the identity and session now known. Not those recorded before a
      // reset() made while pending: a logout stays one.
      const q = box._events();
      q.forEach((text, i) => {
        const e: ClickstreamEvent = JSON.parse(text);
        if (e.anonymousId === prev) {
          e.anonymousId = anonymousId;
          e.userId ??= userId;
          e.sessionId = sessionId;
        }
        (e.context as EventContext).consent = consent;
        q[i] = JSON.stringify(e);
      });
      saveIdentity();
      box._claim();
    }
  };

  const initialConsent = (options: Options): ConsentInit => {
    const n = navigator as Navigator & { globalPrivacyControl?: boolean };
    const signal = n.globalPrivacyControl || n.doNotTrack === '1';
    return options.respectPrivacySignals !== false && signal
      ? 'pending'
      : (options.consent ?? 'granted');
  };

  /** Public methods never throw into the host page. */
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (error) {
        warn(error);
      }
    };

  const client: Client = {
    init(options) {
      if (o) throw new Error('clickstream: init() called twice');
      if (!options?.endpoint || !options.writeKey) {
        throw new Error('clickstream: init() needs endpoint and writeKey');
      }
      o = options;
      idKey = `cs1:${o.writeKey}:id`;
      box = createOutbox(o, granted, emit, warn);
      // One listener for both halves: beacons and the queue first, then the session's last
      // activity, unless another tab has stored another identity since (a logout there must
      // not be undone by this tab's older one).
      onHidden(
        guard((leaving: boolean) => {
          box._hide(leaving);
          if ((read<Identity>(idKey)?.[0] ?? anonymousId) === anonymousId) saveIdentity();
        }),
      );
      // An explicit consent.set() before init() is newer than the option, and beats privacy
      // signals; categories it set without `analytics` are added to the option's decision.
      const early = consent;
      const initial = initialConsent(options);
      consent = undefined;
      if (initial !== 'pending' && early?.analytics === undefined) setConsent(initial);
      if (early) setConsent(early);
      if (o.autoPage) {
        let href = '';
        const view = () => {
          if (href === document.URL) return;
          href = document.URL;
          client.page();
        };
        watchHistory(view);
        view();
      }
    },
    track: guard((event, properties) => {
      if (name(event)) record({ type: 'track', event }, properties);
    }),
    page: guard((pageName, properties) => {
      if (pageName === undefined || name(pageName)) {
        record({ type: 'page', name: pageName }, properties);
      }
    }),
    identify: guard((id, traits) => {
      if (!name(id)) return;
      userId = id;
      saveIdentity();
      record({ type: 'identify' }, traits, 'traits');
    }),
    reset: guard(forgetUser),
    flush: async () => o && box._flush(),
    consent: { set: guard(setConsent), get: () => consent && { ...consent } },
    debug: (enabled = true) => {
      verbose = enabled;
    },
    on,
    version: VERSION,
    stats: () => o && box._stats(),
  };
  return client;
};
