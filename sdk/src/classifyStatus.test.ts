import { expect, test } from 'vitest';
import { classifyStatus, DROP, OK, RETRY, SPLIT } from './classifyStatus';

test.each([
  [200, OK],
  [202, OK],
  [204, OK],
  [408, RETRY],
  [429, RETRY],
  [500, RETRY],
  [502, RETRY],
  [503, RETRY],
  [504, RETRY],
  [0, RETRY],
  [413, SPLIT],
  [400, DROP],
  [401, DROP],
  [403, DROP],
  [404, DROP],
  [415, DROP],
  [301, DROP],
] as const)('status %i gives verdict %i', (status, verdict) => {
  expect(classifyStatus(status)).toBe(verdict);
});
