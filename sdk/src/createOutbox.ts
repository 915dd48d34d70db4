import type { ClickstreamEvent } from '@clickstream/contract';
import { backoff } from './backoff';
import { chunkBySize } from './chunkBySize';
import { holdLock } from './holdLock';
import { isTransient } from './isTransient';
import type { DropReason, Hooks, Options, Stats } from './options';
import { envelope, postBatch } from './postBatch';
import { retryAfter } from './retryAfter';
import { keys, read, remove, write } from './storage';
import { uuid } from './uuid';

/** An event as its JSON text: made once by `track()`, then persisted and sent as it is. */
type Event = string;
type Emit = (type: keyof Hooks, events: Event[], reason?: DropReason) => void;

/** The delivery half of a client: queue, batching, retry, persistence, page-hide sends. */
export interface Outbox {
  /** Queues an event, as its JSON text. */
  _push(event: Event): void;
  /** Sends everything pending; settles when handed over or a retry is scheduled. */
  _flush(): Promise<void>;
  /** Consent granted: takes this tab's lock, loads its stored queue, adopts orphaned ones. */
  _claim(): Promise<void>;
  /** Consent denied: drops the queue and erases everything stored under the write key. */
  _erase(): void;
  /**
   * The page is hidden (`leaving`: `pagehide`): hands pending events to beacons synchronously
   * and stores the rest. The client calls it from its one `onHidden` listener.
   */
  _hide(leaving: boolean): void;
  /** The unsent events' JSON texts, oldest first; the caller may replace them in place. */
  _events(): Event[];
  /** Events discarded so far (see `DropReason`) and unsent now. */
  _stats(): Stats;
}

/** Beacon and keepalive bodies share a 64 KB quota per page; leave room for the envelope. */
const BEACON_BYTES = 60_000;

/**
 * Most events per request: the ingest's `LIMITS.maxBatchEvents`, copied as a literal because
 * importing the contract's runtime values pulls TypeBox into the bundle (a test keeps them
 * equal). `flushAt` is when to send; a backlog goes out in requests of up to this many.
 */
export const MAX_BATCH = 500;

/**
 * Creates the outbox for one `init()`. Storage layout (versioned, per write key): each page's
 * unsent events in segments under `cs1:{writeKey}:q:{random id}:{segment id}` (see
 * `save`). Only the holder of the Web Lock named `cs1:{writeKey}:q:{random id}`
 * reads or writes its segments; segments whose lock is free belong to a page that was
 * reloaded, left, closed or crashed, and are adopted by exactly one other page. `track()` only
 * queues: sending, serializing and persisting run in tasks of their own.
 *
 * @param o - the options, defaults applied here
 * @param granted - whether consent allows recording and sending now
 * @param emit - the hook emitter
 * @param warn - debug logging
 * @returns the outbox
 */
export const createOutbox = (
  o: Options,
  granted: () => boolean,
  emit: Emit,
  warn: (...args: unknown[]) => void,
): Outbox => {
  const { flushAt = 20, flushInterval = 2000, maxQueue = 1000, writeKey } = o;
  const url = `${o.endpoint.replace(/\/+$/, '')}/v1/batch?writeKey=${encodeURIComponent(writeKey)}`;
  const root = `cs1:${writeKey}:`;
  const prefix = `${root}q:`;
  let dropped = 0;
  /**
   * Unsent events of this tab, in flight or not, oldest first. Those a send failed on, or that
   * were queued when the page was hidden, are also stored under `own` (see `save`).
   */
  let q: Event[] = [];
  /** The batch in flight: one request at a time, so sends never overlap (Amplitude #963). */
  let flying: Event[] = [];
  /**
   * This tab's storage key; empty until claimed. Kept when the page is left, so that an event
   * tracked after that (in the host's own `pagehide` listener) is still stored for the next page.
   */
  let own = '';
  let release: (() => void) | undefined;
  /** The pending flush or retry; 0 when none (browsers' timer ids start at 1). */
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let attempt = 0;
  /** Events per request; halved on 413 until the collector takes them. */
  let limit = MAX_BATCH;
  let bytes = 0;
  let chain = Promise.resolve();
  /**
   * The segment key of every stored event. Each `save` writes only events not stored yet, as one
   * segment; `forget` removes a segment once all its events are sent or dropped. The queue used
   * to be rewritten whole at every batch: under a backlog, seconds of main thread per run of the
   * `track()` benchmark (issue 3). A segment partly sent stays whole: after a crash its sent
   * events go again and the server dedups them on messageId.
   */
  const stored = new Map<Event, string>();

  const pending = () => q.filter((e) => !flying.includes(e));
  // Only events not stored yet: before each send, after a failed one and on hide.
  const save = (): boolean => {
    const fresh = q.filter((e) => !stored.has(e));
    const key = `${own}:${uuid()}`;
    if (own && fresh.length && !write(key, `[${fresh}]`)) return false;
    for (const e of own ? fresh : []) stored.set(e, key);
    return true;
  };
  const forget = (events: Event[]) => {
    // By text, which holds the messageId: after a back/forward-cache restore adopts this page's
    // stored copies, the answer for the batch that was in flight settles the copies too.
    const gone = new Set(events);
    q = q.filter((e) => !gone.has(e));
    const segments = new Set(events.map((e) => stored.get(e)));
    for (const e of events) stored.delete(e);
    for (const key of stored.values()) segments.delete(key);
    // A segment goes once all its events are sent or dropped (see `save`).
    for (const key of segments) if (key) remove(key);
  };
  const drop = (events: Event[], reason: DropReason) => {
    dropped += events.length;
    emit('dropped', events, reason);
    warn('dropped', reason, events);
    forget(events);
  };
  const sent = (events: Event[]) => {
    emit('sent', events);
    forget(events);
  };
  // Waiting events only: a batch in flight may be delivered already, and is settled by its
  // answer (reporting it dropped too would count it twice). Filtered only past the cap: it is
  // O(queue × batch), and track() calls this every time.
  const trim = () => {
    const waiting = q.length > maxQueue ? pending() : q;
    if (waiting.length > maxQueue) drop(waiting.slice(0, -maxQueue), 'overflow');
  };

  /** Sends one batch; `true` when more is pending and the next batch may go now. */
  const sendOne = async (): Promise<boolean> => {
    // A backoff or Retry-After is running while its timer is: only that timer or `online` ends it.
    if (!granted() || (attempt && timer)) return false;
    clearTimeout(timer);
    timer = 0;
    // Sends never overlap, so nothing is in flight here.
    const batch = q.slice(0, limit);
    // Nothing left (a beacon took the batch a backoff was for): the backoff ends with it, or
    // kick() would wait for a retry that never comes.
    if (!batch.length) {
      attempt = 0;
      return false;
    }
    bytes = 0;
    flying = batch;
    // Stored before it is sent, as Segment's and RudderStack's queues do: a tab that crashes
    // mid-request keeps the batch for its next page load (the server dedups a copy that did
    // arrive). Writes only the events not stored yet, once per batch, never per track() call.
    save();
    // A network error (offline, DNS, blocked) has no status, transient like a 503. The server
    // dedups on messageId, so resending a batch that did arrive is safe.
    const res = await postBatch(url, envelope(batch), true).catch(() => undefined);
    const status = res?.status;
    flying = [];
    // Denied while in flight: `_erase` has dropped the batch and ended any backoff, so nothing
    // of this answer applies (a retry scheduled now would outlive a later grant's sends).
    if (!granted()) return false;
    if (isTransient(status)) {
      const asked = retryAfter(res?.headers.get('Retry-After'));
      const jitter = backoff(attempt++);
      // The longer of the two; an absent or invalid header is NaN or 0, never the longer.
      // biome-ignore lint/complexity/useMathMinMax: Math.max(NaN, jitter) would be NaN.
      const wait = asked > jitter ? asked : jitter;
      // Events tracked while the failed request was in flight: stored now, not after the backoff.
      save();
      // Offline: no timer; the `online` listener resumes.
      if (navigator.onLine) timer = setTimeout(retry, wait);
      return false;
    }
    // 413: too large; halved until the collector takes it. A single event that is still too
    // large is dropped below, with the collector's status.
    if (status === 413 && batch.length > 1) limit = (batch.length + 1) >> 1;
    else {
      attempt = 0;
      limit = MAX_BATCH;
      // `fetch` never resolves with a 1xx (interim answers are not exposed): below 300 is 2xx.
      if ((status as number) < 300) sent(batch);
      // Only an answer is dropped: a network error has no status, and was retried above.
      else drop(batch, `HTTP ${status as number}`);
    }
    return q.length > 0;
  };

  const flush = (): Promise<void> =>
    (chain = chain
      .then(async () => {
        while (await sendOne());
      })
      .catch(warn));

  /**
   * The wait is over. Its timer marks it, not a time to compare: timers run on a monotonic
   * clock and `Date.now()` on the wall clock, so a timer may fire a fraction of a ms "early"
   * and the send would then never be rescheduled (found by a unit test with fake timers).
   */
  const retry = () => {
    // From `online` the timer may still be pending: when it fires it only flushes again.
    timer = 0;
    flush();
  };

  const kick = () => {
    // During a backoff the retry timer decides when to send again; after a send the flush loop
    // goes on with what is pending.
    if (!granted() || attempt || flying.length) return;
    // At flushAt or more, not only when crossing it: a queue adopted from the last page, or
    // buffered while consent was pending, starts above it, and then waited for flushInterval,
    // which pages shorter than that never reached (the chaos e2e test lost events that way).
    // One flush, replacing the flushInterval timer, in a task of its own: serializing, gzip
    // and persisting are not the caller's to pay.
    if (q.length >= flushAt || bytes > BEACON_BYTES) {
      bytes = 0;
      clearTimeout(timer);
      timer = setTimeout(flush);
    } else if (q.length) timer ||= setTimeout(flush, flushInterval);
  };

  /**
   * Hands `events` (by default all pending) to `sendBeacon` synchronously (a promise may never
   * run now), then stores what is unsent.
   */
  const hide = (leaving: boolean, events = pending()) => {
    if (!granted()) return;
    // Offline, a beacon is still "queued" (true) and then fails unseen: the events stay stored
    // for the next page, or for `online` if this one comes back.
    if (navigator.onLine)
      for (const chunk of chunkBySize(events, BEACON_BYTES)) {
        const body = envelope(chunk);
        // Over the quota or no sendBeacon: a keepalive fetch. The chunk stays queued either way:
        // if that fetch arrives too, the next send repeats it and the server dedups on messageId.
        if (navigator.sendBeacon?.(url, body)) sent(chunk);
        else postBatch(url, body).catch(warn);
      }
    // What a beacon could not take is stored now: the page may never run again. Left for the
    // back/forward cache or for good: the lock goes to whoever comes next; `pageshow` claims
    // the queue back. Left, the unsent events are written again as one segment and the old
    // ones removed: a segment a beacon took part of stays whole (see `stored`), so the next
    // page would adopt and send again what was just sent, and the page after it too, until
    // the copies pushed unsent events past `maxQueue` (the chaos e2e test lost events that way).
    const segments = [...stored.values()];
    if (leaving) stored.clear();
    if (own && save() && leaving) {
      for (const key of segments) remove(key);
      // The new segment is the next owner's, this page's own after a back/forward-cache
      // restore included: forgotten here, or that page's claim() would take its events for
      // already stored, and remove the only stored copy.
      stored.clear();
      q = [];
      release?.();
    }
  };

  const claim = async () => {
    // A fresh name is always free. A reloaded page's queue is adopted below once its old
    // document is gone. Without Web Locks (Safari < 15.4) every stored queue is adopted, live
    // tabs' too: their events may then go twice (the server dedups), never get lost.
    const tab = prefix + uuid();
    release = navigator.locks && (await holdLock(tab));
    if (!granted()) return release?.();
    own = tab;
    // Back from the back/forward cache: events stored since the page was left (tracked in the
    // host's own pagehide listener) are taken from storage below, with the rest, not kept twice.
    q = q.filter((e) => !stored.has(e));
    stored.clear();
    for (const key of keys(prefix)) {
      const owner = key.slice(0, key.lastIndexOf(':'));
      // Without Web Locks, all is adopted.
      const adopted = release ? owner !== own && (await holdLock(owner)) : () => {};
      if (adopted) {
        // All its segments at once: the lock is ours now, so its next key will not be.
        const orphans = keys(owner);
        for (const orphan of orphans) {
          for (const e of read<ClickstreamEvent[]>(orphan) ?? []) q.push(JSON.stringify(e));
        }
        // Written to our key before the orphans are removed: a crash in between duplicates
        // (the server dedups), it never loses. Then the owner's lock goes: a page holding a
        // Web Lock is not put in the back/forward cache. When the write fails (storage full),
        // the lock is kept while this page lives, and what is left stays the owner's.
        if (save()) {
          for (const orphan of orphans) remove(orphan);
          adopted();
        }
      }
    }
    save();
    // Adopted queues count against maxQueue too.
    trim();
    kick();
  };

  // Back from the back/forward cache, so left: a new key, adopting the old one's queue.
  // claim() checks consent once it holds the lock.
  addEventListener('pageshow', (e) => e.persisted && claim());
  addEventListener('online', retry);

  return {
    _push(event) {
      q.push(event);
      bytes += event.length;
      emit('queued', [event]);
      trim();
      // Hidden, maybe unloading (an event tracked in the host's own `pagehide` listener): a
      // timer may never fire again, so hand it to a beacon now. This event only: the others
      // had their chance, and a refused beacon's keepalive fetch would repeat every pending
      // event on every call (in a background tab without a working sendBeacon). A tab that
      // lives on sends them by the usual triggers.
      if (document.hidden) hide(false, [event]);
      kick();
    },
    _flush: flush,
    _claim: claim,
    _erase() {
      drop(q, 'consent');
      clearTimeout(timer);
      timer = 0;
      attempt = 0;
      own = '';
      release?.();
      for (const key of keys(root)) remove(key);
    },
    _events: () => q,
    _hide: hide,
    _stats: () => ({ dropped, queued: q.length }),
  };
};
