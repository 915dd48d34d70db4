import { expect, test } from 'vitest';
import { isTransient } from './isTransient';

test.each([
  [undefined, true],
  [0, true],
  [408, true],
  [429, true],
  [500, true],
  [502, true],
  [503, true],
  [504, true],
  [200, false],
  [204, false],
  [301, false],
  [400, false],
  [401, false],
  [404, false],
  [413, false],
  [415, false],
] as const)('status %s is transient: %s', (status, transient) => {
  expect(isTransient(status)).toBe(transient);
});
