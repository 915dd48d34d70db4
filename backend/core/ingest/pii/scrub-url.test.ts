import { describe, expect, it } from 'vitest';
import { REDACTED, type ScrubCounter } from './redacted';
import { scrubUrl } from './scrub-url';

const R = REDACTED;

const scrub = (url: string) => {
  const counter: ScrubCounter = { redactions: 0 };
  return { url: scrubUrl(url, counter), redactions: counter.redactions };
};

describe('scrubUrl', () => {
  it.each([
    [
      'a sensitive query parameter',
      'https://shop.example/?email=a%40b.com&q=1',
      `https://shop.example/?email=${R}&q=1`,
    ],
    ['any case', 'https://x.example/?Email=a&TOKEN=b', `https://x.example/?Email=${R}&TOKEN=${R}`],
    [
      'a sensitive fragment parameter (OAuth implicit flow)',
      'https://x.example/cb#access_token=ya29.a0Af&token_type=Bearer&expires_in=3599',
      `https://x.example/cb#access_token=${R}&token_type=Bearer&expires_in=3599`,
    ],
    [
      'query and fragment together',
      'https://x.example/?code=4/0AX4&state=xyz#id_token=eyJhbGciOi',
      `https://x.example/?code=${R}&state=xyz#id_token=${R}`,
    ],
    [
      'a hash-router query',
      'https://app.example/#/reset?token=abc123&step=2',
      `https://app.example/#/reset?token=${R}&step=2`,
    ],
    [
      'a path parameter session id',
      'https://x.example/cart;jsessionid=8F3A1B?item=2',
      `https://x.example/cart;jsessionid=${R}?item=2`,
    ],
    [
      'an HTML-escaped ampersand',
      'https://x.example/?a=1&amp;password=hunter2',
      `https://x.example/?a=1&amp;password=${R}`,
    ],
    [
      'a percent-encoded name',
      'https://x.example/?e%6Dail=jane',
      `https://x.example/?e%6Dail=${R}`,
    ],
    [
      'a bracketed name',
      'https://x.example/?user%5Bemail%5D=jane&user[phone]=1',
      `https://x.example/?user%5Bemail%5D=${R}&user[phone]=${R}`,
    ],
    [
      'a presigned S3 URL',
      'https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=abc123',
      `https://b.s3.amazonaws.com/k?X-Amz-Credential=${R}&X-Amz-Signature=${R}`,
    ],
    [
      'an encoded phone in a plain parameter',
      'https://x.example/?q=call%20%2B49%2030%2012345678&page=2',
      `https://x.example/?q=${R}&page=2`,
    ],
    [
      'a form-encoded email in a plain parameter',
      'https://x.example/?q=jane.doe%40example.com',
      `https://x.example/?q=${R}`,
    ],
    [
      'an email in the path',
      'https://x.example/users/jane@example.com/orders',
      `https://x.example/users/${R}/orders`,
    ],
    ['an encoded email in the path', '/users/jane%40example.com/orders', `/users/${R}/orders`],
    ['userinfo', 'https://admin:s3cret@x.example/', `https://${R}@x.example/`],
    ['a relative search string', '?token=abc&utm_source=mail', `?token=${R}&utm_source=mail`],
  ])('redacts %s', (_, url, expected) => {
    expect(scrub(url).url).toBe(expected);
  });

  it('counts one redaction per value', () => {
    expect(scrub('https://x.example/?email=a&token=b&q=1').redactions).toBe(2);
  });

  it.each([
    ['no parameters', 'https://shop.example.com/products/organic-cotton-tee'],
    [
      'ordinary parameters',
      'https://shop.example.com/p?variant=4821&utm_source=newsletter&utm_medium=email',
    ],
    ['form-encoded text', 'https://shop.example.com/search?q=black+friday+deals&page=2'],
    ['an empty sensitive value', 'https://x.example/?token=&q=1'],
    ['an already redacted value', `https://x.example/?token=${R}`],
    ['an already redacted, encoded value', 'https://x.example/?token=%5BREDACTED%5D'],
    [
      'a name that only contains a sensitive word',
      'https://x.example/?token_type=bearer&emailed=1',
    ],
    ['a retina image', 'https://cdn.example.com/img/tee@2x.png'],
    ['an empty string', ''],
  ])('leaves a URL with %s as the same string', (_, url) => {
    const counter: ScrubCounter = { redactions: 0 };
    const out = scrubUrl(url, counter);
    expect(out).toBe(url);
    expect(counter.redactions).toBe(0);
  });

  it.each([
    ['a broken escape', 'https://x.example/?email=%E0%A4%A&q=%'],
    ['invalid UTF-8', 'https://x.example/?q=%FF%FE%40x.com'],
    ['no scheme', 'x.example/?token=1'],
    ['only punctuation', '?&#;=?==&&#'],
    ['brackets', 'http://[::1/?token=2'],
    ['spaces', 'not a url ?token=3'],
  ])('never throws on a malformed URL (%s) and still redacts', (_, url) => {
    expect(() => scrub(url)).not.toThrow();
    expect(scrub(url).url).not.toMatch(/token=[123]/);
  });

  it('does not re-encode the parts it keeps', () => {
    const url = 'https://x.example/a%20b/?q=%E2%82%AC&token=t#frag%2F';
    expect(scrub(url).url).toBe(`https://x.example/a%20b/?q=%E2%82%AC&token=${R}#frag%2F`);
  });
});
