import { expect, test } from 'vitest';
import { cleanUrl } from './cleanUrl';

test('removes sensitive query parameters, whatever their case, and keeps the others', () => {
  expect(cleanUrl('https://shop.example/a?q=shoes&email=x%40y.z&Token=t&PASSWORD=p&page=2')).toBe(
    'https://shop.example/a?q=shoes&page=2',
  );
});

test('removes parameters whose name ends in a secret word, as the server does', () => {
  expect(
    cleanUrl('https://shop.example/reset?reset_token=t&newPassword=p&billing_address=a&size=m'),
  ).toBe('https://shop.example/reset?size=m');
});

test('drops the question mark when every parameter was sensitive', () => {
  expect(cleanUrl('https://shop.example/reset?token=abc&email=a@b.c')).toBe(
    'https://shop.example/reset',
  );
});

test('removes OAuth implicit-flow secrets from the fragment', () => {
  expect(cleanUrl('https://app.example/cb#access_token=abc&state=xyz')).toBe(
    'https://app.example/cb#state=xyz',
  );
});

test('leaves a URL without secrets exactly as it was, fragment included', () => {
  const url = 'https://shop.example/p?q=a+b&utm_source=news#reviews';
  expect(cleanUrl(url)).toBe(url);
});

test('gives an empty string for what is not a URL', () => {
  expect(cleanUrl('')).toBe('');
  expect(cleanUrl('not a url')).toBe('');
});
