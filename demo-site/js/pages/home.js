import { startAnalytics } from '../analytics.js';
import { PRODUCTS } from '../catalog.js';
import { mountLayout } from '../layout.js';
import { productCard, trackProductClicks } from '../product-card.js';

// The plain pages use the `<script>` snippet's global, as a site without a bundler does.
const client = window.clickstream;
startAnalytics(client);
mountLayout(client, { active: 'home' });
client.page('Home');

const featured = PRODUCTS.slice(0, 4);
const list = /** @type {HTMLElement} */ (document.getElementById('featured'));
list.innerHTML = featured.map((p, i) => productCard(p, i + 1)).join('');
trackProductClicks(client, list, 'featured');
