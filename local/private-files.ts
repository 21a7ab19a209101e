import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The data folder holds secrets (the link-signing keys, the sign-in key, the
 * generated AWS credentials) and the database: it is private to the user who
 * runs the runtime. New files are made private (json-file.ts writes 0600);
 * this fixes folders and files left by older versions or a loose umask.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

async function chmodIfExists(path: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Creates the folder (and its parents) if needed and makes it 0700. */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(path, PRIVATE_DIR_MODE);
}

/**
 * Makes a folder 0700 and every file in it 0600, its subfolders likewise
 * (the data folder is shallow: the DynamoDB files live one level down).
 */
export async function makePrivate(path: string): Promise<void> {
  await ensurePrivateDir(path);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await makePrivate(child);
    else if (entry.isFile()) await chmodIfExists(child, PRIVATE_FILE_MODE);
  }
}

/** The permission bits of a file or folder (tests, health). */
export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}
