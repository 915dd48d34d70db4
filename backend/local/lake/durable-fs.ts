import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * fsyncs a file or a folder. A rename is durable only once the folder holding the new name is
 * synced too.
 *
 * @param path - file or folder
 * @see https://man7.org/linux/man-pages/man2/fsync.2.html "Calling fsync() does not
 *   necessarily ensure that the entry in the directory containing the file has also reached disk"
 */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Moves a complete file into place atomically and durably: readers see the old state or the
 * whole new file, never a half-written one, and a crash after this resolves keeps it.
 *
 * @param from - a complete file in a staging folder on the same filesystem
 * @param to - its final path
 */
export async function publishFile(from: string, to: string): Promise<void> {
  await fsyncPath(from);
  await rename(from, to);
  await fsyncPath(dirname(to));
}
