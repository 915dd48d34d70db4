/**
 * The PII corpus: realistic personal data in the formats people and systems write it, the
 * sentences (several languages, markup, JSON) it is embedded in, and look-alikes that must
 * come out unchanged. Data only; `scrub-text.test.ts` runs it.
 */

/** Where a value is placed in each sentence. */
export const SLOT = '⟨⟩';

/** Contexts a value appears in; each holds {@link SLOT} once. */
export const SENTENCES: readonly string[] = [
  SLOT,
  `Please reach me at ${SLOT} tomorrow.`,
  `Bitte an ${SLOT} senden, danke!`,
  `Merci d'écrire à ${SLOT} avant lundi.`,
  `Mi dato es ${SLOT}, gracias.`,
  `連絡先は${SLOT}です。`,
  `Contato (${SLOT}) atualizado`,
  `<td>${SLOT}</td>`,
  `{"note":"${SLOT}"}`,
];

export type PiiKind =
  | 'email'
  | 'phone'
  | 'payment card'
  | 'iban'
  | 'us ssn'
  | 'ipv4'
  | 'ipv6'
  | 'secret';

export interface PiiSample {
  readonly kind: PiiKind;
  /** Where the format comes from, when not obvious. */
  readonly note?: string;
  readonly value: string;
  /** What `value` becomes; `[REDACTED]` unless part of it is kept (`Bearer [REDACTED]`). */
  readonly scrubbed?: string;
}

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

const email = (value: string, note?: string): PiiSample => ({ kind: 'email', value, note });
const phone = (note: string, value: string): PiiSample => ({ kind: 'phone', note, value });
const card = (note: string, value: string): PiiSample => ({ kind: 'payment card', note, value });
const iban = (value: string): PiiSample => ({ kind: 'iban', note: value.slice(0, 2), value });

export const PII_SAMPLES: readonly PiiSample[] = [
  email('john.doe@example.com'),
  email('jane+newsletter@example.co.uk', 'plus-addressing'),
  email('first_last@sub.example.org'),
  email('USER@EXAMPLE.COM'),
  email('support-team@my-company.io'),
  email('12345@numbers.example.net'),
  email('x_y.z-w+tag@example.travel'),
  email('a@b.co', 'shortest'),
  email("o'brien@example.ie", 'apostrophe'),
  email('josé.garcía@correo.es', 'unicode local part'),
  email('müller@bücher.de', 'IDN domain'),
  email('иван@пример.рф', 'Cyrillic IDN'),
  email('δοκιμή@παράδειγμα.δοκιμή', 'Greek IDN'),
  email('user@xn--80ak6aa92e.com', 'punycode domain'),
  email('shop@xn--mller-kva.xn--p1ai', 'punycode TLD'),
  email('john%40example.com', 'URL-encoded'),
  email('john.doe%2Bshop%40example.com', 'URL-encoded plus-addressing'),
  email('JANE.DOE%40EXAMPLE.ORG', 'URL-encoded upper case'),

  phone('US', '(415) 555-2671'),
  phone('US', '415-555-2671'),
  phone('US', '415.555.2671'),
  phone('US', '415 555 2671'),
  phone('US', '+1 415 555 2671'),
  phone('US', '+1 (415) 555-2671'),
  phone('US toll-free', '1-800-555-0199'),
  phone('UK', '+44 20 7946 0958'),
  phone('UK', '020 7946 0958'),
  phone('UK mobile', '07700 900123'),
  phone('UK mobile', '+44 7700 900123'),
  phone('UK', '(020) 7946 0958'),
  phone('DE', '+49 30 12345678'),
  phone('DE', '030 12345678'),
  phone('DE', '030/12345678'),
  phone('DE', '+49 (0)30 1234 5678'),
  phone('DE mobile', '0151 23456789'),
  phone('DE mobile', '+49 151 23456789'),
  phone('DE', '+49-89-636-48018'),
  phone('FR', '+33 1 23 45 67 89'),
  phone('FR', '01 23 45 67 89'),
  phone('FR mobile', '06.12.34.56.78'),
  phone('FR mobile', '+33 (0)6 12 34 56 78'),
  phone('ES mobile', '+34 612 34 56 78'),
  phone('IN mobile', '+91 98765 43210'),
  phone('IN mobile', '098765 43210'),
  phone('IN mobile', '+91-9876543210'),
  phone('IN mobile', '98765 43210'),
  phone('JP', '03-1234-5678'),
  phone('JP mobile', '090-1234-5678'),
  phone('JP', '+81 3-1234-5678'),
  phone('JP mobile', '+81 90 1234 5678'),
  phone('BR mobile', '+55 11 91234-5678'),
  phone('BR mobile', '(11) 91234-5678'),
  phone('BR mobile', '+55 (11) 98765-4321'),
  phone('BR mobile', '11 91234-5678'),
  phone('E.164', '+14155552671'),
  phone('E.164', '+447700900123'),
  phone('E.164', '+5511912345678'),
  phone('E.164', '+819012345678'),
  phone('URL-encoded E.164', '%2B14155552671'),

  card('Visa', '4111 1111 1111 1111'),
  card('Visa', '4111-1111-1111-1111'),
  card('Visa', '4111111111111111'),
  card('Visa', '4012888888881881'),
  card('Visa 19 digits', '4111 1111 1111 1111 003'),
  card('Mastercard', '5555 5555 5555 4444'),
  card('Mastercard', '5105105105105100'),
  card('Mastercard 2-series', '2223 0031 2200 3222'),
  card('American Express', '3782 822463 10005'),
  card('American Express', '371449635398431'),
  card('Discover', '6011 1111 1111 1117'),
  card('Discover', '6011000990139424'),
  card('JCB', '3530 1113 3330 0000'),
  card('JCB', '3566002020360505'),
  card('Diners Club', '3056 930902 5904'),
  card('Diners Club', '36227206271667'),
  card('UnionPay', '6200 0000 0000 0005'),
  card('Maestro', '6759 6498 2643 8453'),
  card('Mir', '2200 0000 0000 0004'),
  card('RuPay', '8112 0000 0000 0008'),
  card('Troy', '9792 0000 0000 0003'),

  iban('DE89 3704 0044 0532 0130 00'),
  iban('DE89370400440532013000'),
  iban('de89370400440532013000'),
  iban('GB82 WEST 1234 5698 7654 32'),
  iban('FR14 2004 1010 0505 0001 3M02 606'),
  iban('ES91 2100 0418 4502 0005 1332'),
  iban('IT60 X054 2811 1010 0000 0123 456'),
  iban('NL91 ABNA 0417 1643 00'),
  iban('CH93 0076 2011 6238 5295 7'),
  iban('AT61 1904 3002 3457 3201'),
  iban('BE68 5390 0754 7034'),
  iban('NO93 8601 1117 947'),
  iban('PL61 1090 1014 0000 0712 1981 2874'),
  iban('SE45 5000 0000 0583 9825 7466'),
  iban('BR18 0036 0305 0000 1000 9795 493C 1'),
  iban('MT84 MALT 0110 0001 2345 MTLC AST0 01S'),

  { kind: 'us ssn', value: '123-45-6789' },
  { kind: 'us ssn', value: '078-05-1120' },
  { kind: 'us ssn', value: '219 09 9999' },
  { kind: 'us ssn', note: 'ITIN', value: '912-70-1234' },

  { kind: 'ipv4', value: '203.0.113.77' },
  { kind: 'ipv4', value: '192.168.1.20' },
  { kind: 'ipv4', value: '10.0.0.1' },
  { kind: 'ipv4', value: '8.8.8.8' },
  { kind: 'ipv4', value: '172.16.254.1' },
  { kind: 'ipv6', note: 'compressed', value: '2001:db8:abcd:12::1' },
  { kind: 'ipv6', note: 'full', value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' },
  { kind: 'ipv6', note: 'link-local', value: 'fe80::1ff:fe23:4567:890a' },
  { kind: 'ipv6', note: 'IPv4-mapped', value: '::ffff:203.0.113.77' },
  { kind: 'ipv6', note: 'IPv4-mapped', value: '::ffff:192.0.2.128' },
  { kind: 'ipv6', note: 'network', value: '2001:db8::' },
  { kind: 'ipv6', value: '2606:4700:4700::1111' },

  { kind: 'secret', note: 'JWT', value: JWT },
  { kind: 'secret', note: 'bearer JWT', value: `Bearer ${JWT}`, scrubbed: 'Bearer [REDACTED]' },
  {
    kind: 'secret',
    note: 'bearer opaque',
    value: 'Bearer 0b79bab50daca910b000d4f1a2b675d604257e42',
    scrubbed: 'Bearer [REDACTED]',
  },
  {
    kind: 'secret',
    note: 'basic auth',
    value: 'Basic dXNlcjpwYXNzd29yZA==',
    scrubbed: 'Basic [REDACTED]',
  },
  { kind: 'secret', note: 'AWS access key id', value: 'AKIAIOSFODNN7EXAMPLE' },
  { kind: 'secret', note: 'Stripe secret key', value: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' },
  {
    kind: 'secret',
    note: 'Stripe webhook secret',
    value: 'whsec_5f1c2a9b8e7d6c5b4a3f2e1d0c9b8a7f',
  },
  { kind: 'secret', note: 'GitHub token', value: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' },
  {
    kind: 'secret',
    note: 'GitHub fine-grained token',
    value:
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
  },
  { kind: 'secret', note: 'GitLab token', value: 'glpat-Ab3dE5gH7jK9mN1pQ3sT' },
  { kind: 'secret', note: 'npm token', value: 'npm_Ab3dE5gH7jK9mN1pQ3sTuV5wX7yZ9aB1cD3e' },
  {
    kind: 'secret',
    note: 'Slack bot token',
    value: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  },
  { kind: 'secret', note: 'Google API key', value: 'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe' },
  {
    kind: 'secret',
    note: 'SendGrid key',
    value: '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',
  },
  { kind: 'secret', note: 'OpenAI-style key', value: 'sk-proj-Abc123XyZ456Def789Ghi012Jkl345' },
];

/** Strings that look like personal data and are not; each must come out unchanged. */
export const LOOK_ALIKES: readonly { readonly note: string; readonly value: string }[] = [
  { note: 'order id', value: 'ORD-2024-000123' },
  { note: 'order number', value: '#100234' },
  { note: 'invoice id', value: 'INV-2026-11-0042' },
  { note: 'purchase order', value: 'PO 4500012345' },
  { note: 'ISO timestamp', value: '2026-11-25T16:50:35.123Z' },
  { note: 'ISO timestamp with offset', value: '2026-11-25T16:50:35+01:00' },
  { note: 'SQL timestamp', value: '2026-11-25 16:50:35' },
  { note: 'epoch millis', value: '1764089435123' },
  { note: 'epoch seconds', value: '1764089435' },
  { note: 'German date', value: '25.11.2026' },
  { note: 'US date', value: '11/25/2026' },
  { note: 'ISO date', value: '2026-11-25' },
  { note: 'UK date', value: '25/11/2026' },
  { note: 'Japanese date', value: '2026年11月25日' },
  { note: 'date and time', value: '05.11.2026 10:30' },
  { note: 'time', value: '10:30:45' },
  { note: 'time with millis', value: '16:50:35.123' },
  { note: 'opening hours', value: '09:00–17:00' },
  { note: 'price', value: '1,234.56' },
  { note: 'euro price', value: '1.234,56 €' },
  { note: 'French price', value: '1 234,56 €' },
  { note: 'dollar price', value: '$1,299.00' },
  { note: 'yen price', value: '¥12,800' },
  { note: 'UUID', value: '123e4567-e89b-12d3-a456-426614174000' },
  { note: 'UUID', value: '550e8400-e29b-41d4-a716-446655440000' },
  { note: 'UUID', value: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' },
  { note: 'SKU', value: 'SKU-48213-BL' },
  { note: 'SKU', value: 'AB-1234-5678-CD' },
  { note: 'EAN-13', value: '4006381333931' },
  { note: 'EAN-13', value: '5901234123457' },
  { note: 'ISBN-13', value: '978-0-306-40615-7' },
  { note: 'ISBN-10', value: '0-306-40615-2' },
  { note: 'US zip', value: '94105' },
  { note: 'US zip+4', value: '94105-1234' },
  { note: 'UK postcode', value: 'SW1A 1AA' },
  { note: 'semantic version', value: '1.2.3' },
  { note: 'semantic version', value: '10.20.30' },
  { note: 'pre-release version', value: '2.0.0-rc.1' },
  { note: 'Windows build', value: '10.0.19045.3693' },
  { note: '16 digits failing Luhn', value: '4111111111111112' },
  { note: '16 digits failing Luhn', value: '1234567812345678' },
  { note: 'grouped digits failing Luhn', value: '5555 5555 5555 5556' },
  { note: 'random float', value: '0.5488135039273248' },
  { note: 'coordinates', value: '48.8566, 2.3522' },
  { note: 'C++ scope', value: 'std::vector<int>' },
  { note: 'hex-letter scope', value: 'Abc::Def::cafe()' },
  { note: 'CSS colour', value: '#ff5733' },
  { note: 'CSS colour', value: 'rgb(255, 87, 51)' },
  { note: 'retina image', value: 'logo@2x.png' },
  { note: 'npm version', value: 'react@18.2.0' },
  { note: 'scoped package', value: '@clickstream/contract' },
  { note: 'CSS at-rule', value: '@media (max-width: 600px)' },
  { note: 'user agent version', value: 'Chrome/120.0.0.0 Safari/537.36' },
  { note: 'netmask', value: '255.255.255.0' },
  { note: 'anonymized IPv4', value: '203.0.113.0' },
  { note: 'IPv6 loopback', value: '::1' },
  { note: 'aspect ratio', value: '16:9' },
  { note: 'verse', value: 'John 3:16' },
  { note: 'MAC address', value: '00:1A:2B:3C:4D:5E' },
  { note: 'prose', value: 'the bearer instrument' },
  { note: 'plan name', value: 'Basic membership plan' },
  { note: 'cosmetics slug', value: 'sk-ii-facial-treatment-essence-230ml' },
  { note: 'publishable key', value: 'pk_test_TYooMQauvdEDq54NiTphI7jx' },
  { note: 'git SHA', value: 'de12b4c9a7f3e5d1b2c4a6f8e0d2c4b6a8f0e2d4' },
  { note: 'MD5', value: '9e107d9d372bb6826bd81d3542a419d6' },
  { note: 'product name', value: 'iPhone 15 Pro Max 256 GB' },
  { note: 'product name', value: 'Samsung 65" QLED 4K (2026)' },
  { note: 'shoe size', value: 'Size 42 EU / 8.5 US' },
  { note: 'reviews', value: 'Rated 4.8/5 from 12,345 reviews' },
  { note: 'parcel tracking', value: '1Z999AA10123456784' },
  { note: 'bare digits (not a phone)', value: '4155552671' },
  { note: 'bare digits (not a phone)', value: '0301234567' },
  { note: 'clean URL', value: 'https://shop.example.com/search?q=blue%20shirt&page=2' },
  {
    note: 'campaign URL',
    value: 'https://shop.example.com/p/sku-48213?utm_source=newsletter&utm_medium=email',
  },
];
