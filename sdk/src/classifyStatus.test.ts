import { expect, test } from 'vitest';
import { classifyStatus } from './classifyStatus';

test.each([
  [200, 'ok'],
  [202, 'ok'],
  [204, 'ok'],
  [408, 'retry'],
  [429, 'retry'],
  [500, 'retry'],
  [502, 'retry'],
  [503, 'retry'],
  [504, 'retry'],
  [413, 'split'],
  [400, 'drop'],
  [401, 'drop'],
  [403, 'drop'],
  [404, 'drop'],
  [415, 'drop'],
  [301, 'drop'],
])('status %i means %s', (status, verdict) => {
  expect(classifyStatus(status)).toBe(verdict);
});
