import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the CDK app bundles Lambda code and reads SQL from beside it. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * An absolute path inside the repository, independent of the working directory (`cdk synth`
 * runs in `backend/cdk`, vitest in the root).
 *
 * @param segments - path segments below the repository root
 * @returns the absolute path
 * @example repoPath('backend', 'analytics') // → /…/backend/analytics
 */
export function repoPath(...segments: string[]): string {
  return resolve(root, ...segments);
}
