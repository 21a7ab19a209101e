import * as z from 'zod';

/**
 * The HMAC keys that sign email links. `currentKeyId` signs new links; every
 * listed key verifies, so a rotation adds a key, points `currentKeyId` at it,
 * and removes the old key once the links it signed have expired.
 */
export interface KeyRing {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** Where the ring comes from (Secrets Manager in AWS and locally); `fresh` skips any cache. */
export interface KeySource {
  load(options?: { fresh?: boolean }): Promise<KeyRing>;
}

/** Shorter keys would weaken HMAC-SHA256 below its 256-bit strength for no reason. */
const MIN_KEY_LENGTH = 32;

const keyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'key ids are 1-32 letters, digits, - or _');
const keyMaterialSchema = z.string().min(MIN_KEY_LENGTH, `keys need at least ${MIN_KEY_LENGTH} characters`);

/*
 * Two shapes are accepted: `{"currentKeyId","keys":{id: key}}` (the local
 * runtime's key file) and the flat `{"currentKeyId", id: key, ...}` that the
 * CDK-generated secret has (see infra/constructs/data.ts). A key is the UTF-8
 * bytes of its string, whatever encoding the string happens to use.
 */
const secretSchema = z
  .object({ currentKeyId: keyIdSchema, keys: z.record(keyIdSchema, keyMaterialSchema).optional() })
  .catchall(z.unknown());

export function parseKeyRing(secret: unknown): KeyRing {
  const parsed = secretSchema.safeParse(typeof secret === 'string' ? safeJson(secret) : secret);
  if (!parsed.success) {
    // Only the paths: the values are key material.
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '$').join(', ');
    throw new Error(`the link-signing secret is not valid at ${where}`);
  }
  const { currentKeyId, keys: nested, ...flat } = parsed.data;
  const entries = nested
    ? Object.entries(nested)
    : Object.entries(flat).filter(
        (entry): entry is [string, string] =>
          keyIdSchema.safeParse(entry[0]).success && keyMaterialSchema.safeParse(entry[1]).success,
      );
  const keys = new Map(entries.map(([id, material]) => [id, Buffer.from(material, 'utf8')]));
  if (!keys.has(currentKeyId)) throw new Error(`the link-signing secret has no key "${currentKeyId}"`);
  return { currentKeyId, keys };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
