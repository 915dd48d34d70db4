import { expect, test } from 'vitest';
import pkg from '../package.json';
import { VERSION } from './version';

test('VERSION is the package version', () => {
  expect(VERSION).toBe(pkg.version);
});
