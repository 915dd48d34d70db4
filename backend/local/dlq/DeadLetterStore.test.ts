import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../aws/dead-letter';
import { claimDeadLetters } from './claimDeadLetters';
import { DeadLetterStore, LIVE_DEAD_LETTER_FILE } from './DeadLetterStore';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'dlq-')), 'dlq');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

const letter = (n: number): DeadLetter => ({
  failure: 'schema_violation',
  reason: `event ${n}: event must be a string`,
  receivedAt: '2026-11-25T10:00:00.000Z',
  index: n,
  payload: JSON.stringify({ type: 'track', event: n }),
  writeKey: 'wk',
});

describe('DeadLetterStore', () => {
  it('appends one JSON line per dead letter, creating the folder', async () => {
    const store = new DeadLetterStore(dir);
    await store.append([letter(1), letter(2)]);
    await store.append([letter(3)]);
    const lines = (await readFile(join(dir, LIVE_DEAD_LETTER_FILE), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).index)).toEqual([1, 2, 3]);
    expect(store.written).toBe(3);
  });

  it('writes concurrent appends together and resolves each of them', async () => {
    const store = new DeadLetterStore(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append([letter(i)])));
    const lines = (await readFile(join(dir, LIVE_DEAD_LETTER_FILE), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(50);
  });

  it('rejects the append when the folder cannot be written', async () => {
    await appendFile(join(dir, '..', 'blocker'), 'a file where the folder should be');
    const store = new DeadLetterStore(join(dir, '..', 'blocker', 'dlq'));
    await expect(store.append([letter(1)])).rejects.toThrow();
  });
});

describe('claimDeadLetters', () => {
  it('takes the live file away so later appends start a new one', async () => {
    const store = new DeadLetterStore(dir);
    await store.append([letter(1), letter(2)]);
    const claim = await claimDeadLetters(dir, 0);
    await store.append([letter(3)]);
    expect(claim.letters.map((l) => l.index)).toEqual([1, 2]);
    await claim.release();
    const left = await readFile(join(dir, LIVE_DEAD_LETTER_FILE), 'utf8');
    expect(JSON.parse(left).index).toBe(3);
    expect((await readdir(dir)).filter((f) => f.startsWith('replaying-'))).toEqual([]);
  });

  it('picks up letters an interrupted replay had claimed', async () => {
    const store = new DeadLetterStore(dir);
    await store.append([letter(1)]);
    await claimDeadLetters(dir, 0); // crashed before release
    await store.append([letter(2)]);
    const claim = await claimDeadLetters(dir, 0);
    expect(claim.letters.map((l) => l.index).sort()).toEqual([1, 2]);
  });

  it('sets a torn last line aside instead of failing the replay', async () => {
    await new DeadLetterStore(dir).append([letter(1)]);
    await appendFile(join(dir, LIVE_DEAD_LETTER_FILE), '{"failure":"schema_viol');
    const claim = await claimDeadLetters(dir, 0);
    expect(claim.letters).toHaveLength(1);
    expect(claim.unreadable).toBe(1);
    expect((await readdir(dir)).some((f) => f.startsWith('unreadable-'))).toBe(true);
  });

  it('returns nothing when there is no dead-letter folder yet', async () => {
    const claim = await claimDeadLetters(join(dir, 'missing'), 0);
    expect(claim.letters).toEqual([]);
  });
});
