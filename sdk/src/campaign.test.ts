import { expect, test } from 'vitest';
import { campaign } from './campaign';

test('maps utm_* parameters to context.campaign, utm_campaign to name', () => {
  const params = new URLSearchParams(
    'utm_source=news&utm_medium=email&utm_campaign=winter&utm_term=boots&utm_content=hero&q=x',
  );
  expect(campaign(params)).toEqual({
    source: 'news',
    medium: 'email',
    name: 'winter',
    term: 'boots',
    content: 'hero',
  });
});

test('gives undefined without UTM parameters', () => {
  expect(campaign(new URLSearchParams('q=shoes'))).toBeUndefined();
});
