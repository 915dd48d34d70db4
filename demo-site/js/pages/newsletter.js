import { startAnalytics } from '../analytics.js';
import { mountLayout } from '../layout.js';

const client = window.clickstream;
startAnalytics(client);
mountLayout(client);
// The address is in this page's URL (`?email=`); the SDK removes it before the URL is recorded.
client.page('Newsletter Confirmation');
