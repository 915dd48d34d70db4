// Open or closed, remembered for the tab so QA can follow events across pages.
const OPEN_KEY = 'shop.debug';
const MAX_ROWS = 60;

/**
 * The QA panel: every event the SDK queued, and whether it was sent or dropped, from the SDK's
 * `on()` hooks. Subscribes at once (cheap) and renders only while open. `?debug=1` opens it.
 *
 * @param {import('../../sdk/src/createClient').Client} client
 */
export const mountDebugPanel = (client) => {
  /** @type {Map<string, { label: string, type: string, status: string, at: string }>} */
  const rows = new Map();
  const counts = { queued: 0, sent: 0, dropped: 0 };
  const panel = document.createElement('aside');
  panel.className = 'debug';
  panel.setAttribute('aria-label', 'Clickstream debug panel');
  panel.hidden = true;
  panel.innerHTML = `
    <header class="debug__header">
      <strong>Clickstream debug</strong>
      <span class="debug__counts" data-debug="counts"></span>
      <button type="button" class="debug__close" aria-label="Close debug panel">×</button>
    </header>
    <ol class="debug__list" data-debug="list"></ol>`;

  const render = () => {
    if (panel.hidden) return;
    /** @type {HTMLElement} */ (panel.querySelector('[data-debug="counts"]')).textContent =
      `${counts.queued} queued · ${counts.sent} sent · ${counts.dropped} dropped`;
    const list = /** @type {HTMLOListElement} */ (panel.querySelector('[data-debug="list"]'));
    list.replaceChildren(
      ...[...rows.entries()].reverse().map(([id, row]) => {
        const li = document.createElement('li');
        li.className = `debug__row debug__row--${row.status}`;
        li.dataset.messageId = id;
        li.innerHTML = `<span class="debug__status"></span><span class="debug__label"></span>
          <code class="debug__id"></code><time></time>`;
        /** @type {HTMLElement} */ (li.querySelector('.debug__status')).textContent = row.status;
        /** @type {HTMLElement} */ (li.querySelector('.debug__label')).textContent =
          `${row.type} · ${row.label}`;
        /** @type {HTMLElement} */ (li.querySelector('.debug__id')).textContent = id.slice(0, 8);
        /** @type {HTMLElement} */ (li.querySelector('time')).textContent = row.at;
        return li;
      }),
    );
  };
  const upsert = (/** @type {any} */ event, /** @type {string} */ status) => {
    const id = String(event.messageId);
    const known = rows.get(id);
    rows.delete(id);
    rows.set(id, {
      label:
        event.event ??
        event.name ??
        (event.type === 'identify' ? event.userId : event.context?.page?.path) ??
        '',
      type: event.type,
      status,
      at: known?.at ?? new Date().toLocaleTimeString(),
    });
    if (rows.size > MAX_ROWS) rows.delete(rows.keys().next().value);
  };

  client.on('queued', (event) => {
    counts.queued++;
    upsert(event, 'queued');
    render();
  });
  client.on('sent', (events) => {
    counts.sent += events.length;
    for (const event of events) upsert(event, 'sent');
    render();
  });
  client.on('dropped', (events, reason) => {
    counts.dropped += events.length;
    for (const event of events) upsert(event, `dropped: ${reason}`);
    render();
  });

  const setOpen = (/** @type {boolean} */ open) => {
    panel.hidden = !open;
    try {
      if (open) sessionStorage.setItem(OPEN_KEY, '1');
      else sessionStorage.removeItem(OPEN_KEY);
    } catch {
      // The panel just does not stay open across pages.
    }
    render();
  };
  /** @type {HTMLButtonElement} */ (panel.querySelector('.debug__close')).addEventListener(
    'click',
    () => setOpen(false),
  );
  document.addEventListener('debug:toggle', () => setOpen(panel.hidden));
  const mount = () => {
    document.body.append(panel);
    let open = new URLSearchParams(location.search).get('debug') === '1';
    try {
      open ||= sessionStorage.getItem(OPEN_KEY) === '1';
    } catch {
      // Closed by default.
    }
    setOpen(open);
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
};
