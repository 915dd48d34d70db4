import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const BACKEND = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|js|mjs|cjs)$/.test(d.name) ? [path] : [];
  });
}

describe('function code', () => {
  it('never imports aws-cdk-lib or constructs, so Lambda bundles stay small and deploy-free', () => {
    const offenders = ['lambda', 'core', 'aws']
      .flatMap((d) => sources(join(BACKEND, d)))
      .filter((file) =>
        /(from\s+|import\(\s*|require\(\s*)['"](aws-cdk-lib|constructs|aws-cdk)(\/[^'"]*)?['"]/.test(
          readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => relative(BACKEND, file));
    expect(offenders).toEqual([]);
  });
});
