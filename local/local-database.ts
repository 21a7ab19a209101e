/**
 * How the local runtime starts DynamoDB Local on its data folder: launched
 * early (it boots while the runtime does other work), and a new data folder
 * loaded in a scratch database in memory, then copied in.
 */
import { existsSync } from 'node:fs';
import { access, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CfnTemplate, localTableName } from '#local/cfn';
import { type DynamoDbLocalHandle, startDynamoDbLocal } from '#local/dynamodb-local';

/** DynamoDB Local with `-sharedDb` keeps everything in this one SQLite file. */
const DATABASE_FILE = 'shared-local-instance.db';

export async function hasDatabase(dbPath: string): Promise<boolean> {
  return access(join(dbPath, DATABASE_FILE)).then(
    () => true,
    () => false,
  );
}

/** Memory-backed where the system has it (Linux), so loading the sample data never waits for the disk. */
export function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export async function copyDatabase(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const temporary = join(to, `${DATABASE_FILE}.${process.pid}.tmp`);
  await copyFile(join(from, DATABASE_FILE), temporary);
  await rename(temporary, join(to, DATABASE_FILE));
  await rm(from, { recursive: true, force: true });
}

/** Starts DynamoDB Local and returns once Java is launched; `ready` resolves when it answers. */
export async function launchDynamoDb(
  port: number,
  dbPath: string,
): Promise<{ ready: Promise<DynamoDbLocalHandle> }> {
  let spawned: () => void = () => {};
  const launched = new Promise<void>((resolve) => {
    spawned = resolve;
  });
  const ready = startDynamoDbLocal({ port, dbPath, onSpawned: () => spawned() });
  await Promise.race([launched, ready]);
  return { ready };
}

/** The first table of the data stack, named as local/dynamodb-local.ts creates it. */
export function firstTableName(template: CfnTemplate): string | undefined {
  const [logicalId] = Object.entries(template.Resources)
    .filter(([, resource]) => ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'].includes(resource.Type))
    .map(([id]) => id);
  return logicalId && localTableName(template, logicalId);
}
