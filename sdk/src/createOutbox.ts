import type { ClickstreamEvent } from '@clickstream/contract';
import { backoff } from './backoff';
import { chunkBySize } from './chunkBySize';
import { classifyStatus, OK, RETRY, SPLIT } from './classifyStatus';
import { holdLock } from './holdLock';
import { onHidden } from './onHidden';
import type { DropReason, Hooks, Options } from './options';
import { envelope, postBatch } from './postBatch';
import { retryAfter } from './retryAfter';
import { keys, read, remove, write } from './storage';
import { uuid } from './uuid';

type Event = ClickstreamEvent;
type Emit = <K extends keyof Hooks>(type: K, ...args: Parameters<Hooks[K]>) => void;

/** The delivery half of a client: queue, batching, retry, persistence, page-hide sends. */
export interface Outbox {
  /** Queues an event; `size` approximates its JSON length for the 64 KB trigger. */
  _push(event: Event, size: number): void;
  /** Sends everything pending; settles when handed over or a retry is scheduled. */
  _flush(): Promise<void>;
  /** Consent granted: takes this tab's lock, loads its stored queue, adopts orphaned ones. */
  _claim(): Promise<void>;
  /** Consent denied: drops the queue and erases everything stored under the write key. */
  _erase(): void;
  /** The unsent events, oldest first. */
  _events(): Event[];
  /** How many events were discarded (see `DropReason`). */
  _dropped(): number;
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
 * unsent events under `cs1:{writeKey}:q:{random id}`. Only the holder of the Web Lock named
 * after a queue key reads or writes it; a queue whose lock is free belongs to a page that was
 * reloaded, left, closed or crashed, and is adopted by exactly one other page.
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
  /** Unsent events of this tab, in flight or not, oldest first: the mirror of `own`. */
  let q: Event[] = [];
  /** The batch in flight: one request at a time, so sends never overlap (Amplitude #963). */
  let flying: Event[] = [];
  /** This tab's storage key; empty until claimed and after the page was left. */
  let own = '';
  let release: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  /** No send before this time (ms): a backoff or Retry-After is running. */
  let retryAt = 0;
  /** Events per request; halved on 413 until the collector takes them. */
  let limit = MAX_BATCH;
  let bytes = 0;
  let chain = Promise.resolve();

  const pending = () => q.filter((e) => !flying.includes(e));
  // One write per batch or page hide, never one per track() call.
  const save = () => !own || write(own, q);
  const drop = (events: Event[], reason: DropReason) => {
    dropped += events.length;
    emit('dropped', events, reason);
    warn('dropped', reason, events);
  };
  const forget = (events: Event[]) => {
    // By identity: after a back/forward-cache restore adopts this page's stored copies, an
    // answer for the old objects leaves the copies, which are resent and deduped by the server.
    q = q.filter((e) => !events.includes(e));
    save();
  };
  const sent = (events: Event[]) => {
    emit('sent', events);
    forget(events);
  };
  const trim = () => {
    if (q.length > maxQueue) drop(q.splice(0, q.length - maxQueue), 'overflow');
  };

  /** Sends one batch; `true` when more is pending and the next batch may go now. */
  const sendOne = async (): Promise<boolean> => {
    if (!granted() || Date.now() < retryAt) return false;
    clearTimeout(timer);
    timer = undefined;
    const batch = pending().slice(0, limit);
    if (!batch.length) return false;
    bytes = 0;
    flying = batch;
    save();
    let wait: number | undefined;
    try {
      const res = await postBatch(url, envelope(batch, writeKey), true);
      const verdict = classifyStatus(res.status);
      if (verdict === RETRY) {
        const delay = backoff(attempt++);
        wait = Math.max(retryAfter(res.headers.get('Retry-After')), delay);
      } else if (verdict === SPLIT && batch.length > 1) {
        limit = Math.ceil(batch.length / 2);
      } else {
        attempt = 0;
        limit = MAX_BATCH;
        if (verdict === OK) sent(batch);
        else {
          drop(batch, `HTTP ${res.status}`);
          forget(batch);
        }
      }
    } catch {
      // A network error (offline, DNS, blocked): transient. The server dedups on messageId,
      // so resending a batch that did arrive is safe.
      wait = backoff(attempt++);
    }
    flying = [];
    if (wait === undefined) return q.length > 0;
    retryAt = Date.now() + wait;
    // Offline: no timer; the `online` listener resumes.
    if (navigator.onLine !== false) timer = setTimeout(flush, wait);
    return false;
  };

  const flush = (): Promise<void> =>
    (chain = chain
      .then(async () => {
        while (await sendOne());
      })
      .catch(warn));

  const kick = () => {
    // During a backoff the retry timer decides when to send again.
    if (!granted() || attempt) return;
    if (q.length - flying.length >= flushAt || bytes > BEACON_BYTES) flush();
    else if (q.length > flying.length) timer ??= setTimeout(flush, flushInterval);
  };

  /** Hands everything pending to `sendBeacon` synchronously (a promise may never run now). */
  const hide = (leaving: boolean) => {
    if (!granted()) return;
    for (const chunk of chunkBySize(pending(), BEACON_BYTES)) {
      const body = envelope(chunk, writeKey);
      // Over the quota or no sendBeacon: a keepalive fetch. The chunk stays queued either way:
      // if that fetch arrives too, the next send repeats it and the server dedups on messageId.
      if (navigator.sendBeacon?.(url, body)) sent(chunk);
      else postBatch(url, body).catch(warn);
    }
    // Left for the back/forward cache or for good: hand the queue to storage and the lock to
    // whoever comes next; `pageshow` claims it back.
    if (leaving && own && save()) {
      q = [];
      own = '';
      release?.();
    }
  };

  const claim = async () => {
    // A fresh name is always free. A reloaded page's queue is adopted below once its old
    // document is gone. Without Web Locks (Safari < 15.4) all tabs share one key: a crash may
    // then lose another tab's unsent events, never duplicate them.
    const tab = navigator.locks ? uuid() : '-';
    release = navigator.locks && (await holdLock(prefix + tab));
    if (!granted()) return release?.();
    own = prefix + tab;
    // `own` was empty, so memory holds only events recorded since: none of them is stored.
    q = [...(read<Event[]>(own) ?? []), ...q];
    for (const key of release ? keys(prefix) : []) {
      const adopted = key !== own && (await holdLock(key));
      if (adopted) {
        q.push(...(read<Event[]>(key) ?? []));
        // Written to our key before the orphan is removed: a crash in between duplicates
        // (the server dedups), it never loses.
        if (save()) remove(key);
        adopted();
      }
    }
    save();
    kick();
  };

  onHidden((leaving) => {
    try {
      hide(leaving);
    } catch (error) {
      warn(error);
    }
  });
  addEventListener('pageshow', (e) => e.persisted && granted() && !own && claim());
  addEventListener('online', () => {
    retryAt = 0;
    flush();
  });

  return {
    _push(event, size) {
      q.push(event);
      bytes += size;
      emit('queued', event);
      trim();
      // Hidden, maybe unloading (an event tracked in the host's own `pagehide` listener): a
      // timer may never fire again, so hand it to a beacon now.
      if (document.hidden) hide(false);
      else kick();
    },
    _flush: flush,
    _claim: claim,
    _erase() {
      if (q.length) drop(q, 'consent');
      q = [];
      clearTimeout(timer);
      timer = undefined;
      attempt = 0;
      own = '';
      release?.();
      for (const key of keys(root)) remove(key);
    },
    _events: () => q,
    _dropped: () => dropped,
  };
};
