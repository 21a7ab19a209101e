import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a JSON file, or `fallback` when it does not exist yet. */
export async function readJsonFile<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}

const pendingWrites = new Map<string, Promise<void>>();

/**
 * Write-then-rename, so a crash mid-write never leaves half a file. Writes to
 * one path are queued: concurrent writers (three review emails at once) land
 * in call order, each with its own temporary file.
 */
export function writeJsonFile(path: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value, null, 2);
  const write = async () => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
    // Everything in the data folder is private to the user (keys, credentials, applications).
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
  };
  const queued = (pendingWrites.get(path) ?? Promise.resolve()).then(write, write);
  pendingWrites.set(path, queued);
  return queued;
}
