// The visitor's choice, kept by the site like any consent banner does (its own storage, not
// the SDK's): a "strictly necessary" record, allowed without consent.
const KEY = 'shop.consent';
const CATEGORIES = [
  ['analytics', 'Analytics', 'Helps us understand which products people look at.'],
  ['marketing', 'Marketing', 'Lets us measure our newsletters and ads.'],
];

/** @returns {Record<string, boolean> | undefined} the remembered choice */
export const readConsentChoice = () => {
  try {
    const choice = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    return choice && typeof choice === 'object' ? choice : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Shows the banner when there is no remembered choice; "Cookie settings" in the footer opens it
 * again. Every choice goes to the SDK's `consent.set` and is remembered.
 *
 * @param {import('../../sdk/src/createClient').Client} client
 */
export const mountConsentBanner = (client) => {
  const banner = document.createElement('section');
  banner.className = 'consent';
  banner.setAttribute('role', 'dialog');
  banner.setAttribute('aria-label', 'Cookie consent');
  banner.hidden = true;
  banner.innerHTML = `
    <div class="consent__text">
      <h2>Your privacy</h2>
      <p>We use analytics to improve the shop, only if you agree. You can change your mind at any
        time under “Cookie settings”.</p>
      <fieldset class="consent__choices" hidden>
        <legend>Choose categories</legend>
        ${CATEGORIES.map(
          ([id, label, help]) => `<label><input type="checkbox" name="${id}">
            <span><strong>${label}</strong> ${help}</span></label>`,
        ).join('')}
      </fieldset>
    </div>
    <div class="consent__actions">
      <button type="button" class="button button--ghost" data-consent="reject">Reject all</button>
      <button type="button" class="button button--ghost" data-consent="choose">Choose</button>
      <button type="button" class="button button--ghost" data-consent="save" hidden>Save choices</button>
      <button type="button" class="button" data-consent="accept">Accept all</button>
    </div>`;
  document.body.append(banner);
  const choices = /** @type {HTMLFieldSetElement} */ (banner.querySelector('fieldset'));
  const button = (/** @type {string} */ name) =>
    /** @type {HTMLButtonElement} */ (banner.querySelector(`[data-consent="${name}"]`));

  const decide = (/** @type {Record<string, boolean>} */ choice) => {
    try {
      localStorage.setItem(KEY, JSON.stringify(choice));
    } catch {
      // Not remembered: the banner shows again on the next page.
    }
    client.consent.set(choice);
    banner.hidden = true;
  };
  const all = (/** @type {boolean} */ value) =>
    Object.fromEntries(CATEGORIES.map(([id]) => [id, value]));

  button('accept').addEventListener('click', () => decide(all(true)));
  button('reject').addEventListener('click', () => decide(all(false)));
  button('choose').addEventListener('click', () => {
    choices.hidden = false;
    button('choose').hidden = true;
    button('save').hidden = false;
  });
  button('save').addEventListener('click', () =>
    decide(
      Object.fromEntries(
        CATEGORIES.map(([id]) => [
          id,
          /** @type {HTMLInputElement} */ (choices.querySelector(`[name="${id}"]`)).checked,
        ]),
      ),
    ),
  );
  const open = () => {
    const current = readConsentChoice() ?? {};
    for (const [id] of CATEGORIES) {
      /** @type {HTMLInputElement} */ (choices.querySelector(`[name="${id}"]`)).checked =
        current[id] === true;
    }
    banner.hidden = false;
  };
  document.addEventListener('consent:open', open);
  if (!readConsentChoice()) open();
};
