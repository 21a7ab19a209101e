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

/*
 * Rotation. The secret keeps the flat shape, plus one property that is not a
 * key: `supersededAt`, when each former current key stopped signing (an
 * object, so parseKeyRing never takes it for a key):
 *
 *   {"currentKeyId":"k3","k2":"...","k3":"...","supersededAt":{"k1":"...","k2":"..."}}
 *
 * A link lives at most the longest link lifetime after it was signed, and a
 * key signs until it is superseded: so a key can go once the longest link
 * lifetime has passed since it was superseded, not since it was created.
 */

export interface KeyRotationOptions {
  now: Date;
  /** Material of the new key (random, at least 32 characters). */
  newKeyMaterial: string;
  /** How long a superseded key keeps verifying: the longest link lifetime, with slack. */
  retireAfterSeconds: number;
}

export interface KeyRotation {
  /** The secret's new JSON value. */
  secret: string;
  addedKeyId: string;
  retiredKeyIds: string[];
}

const supersededSchema = z.record(keyIdSchema, z.iso.datetime()).default({});

/** The next `k<n>` after every key id in use (ids that do not follow the pattern are skipped). */
function nextKeyId(ids: Iterable<string>): string {
  let highest = 0;
  for (const id of ids) {
    const number = /^k(\d+)$/.exec(id)?.[1];
    if (number !== undefined) highest = Math.max(highest, Number(number));
  }
  return `k${highest + 1}`;
}

/**
 * Adds a new current key and retires the superseded keys whose links have
 * all expired. Keys added by hand without a date start their clock now (the
 * safe reading: they may have signed links until now).
 */
export function rotateKeyRing(secret: string, options: KeyRotationOptions): KeyRotation {
  const ring = parseKeyRing(secret);
  if (!keyMaterialSchema.safeParse(options.newKeyMaterial).success)
    throw new Error(`a new link-signing key needs at least ${MIN_KEY_LENGTH} characters`);
  const raw = JSON.parse(secret) as { supersededAt?: unknown };
  const superseded: Record<string, string> = { ...supersededSchema.parse(raw.supersededAt ?? {}) };
  const now = options.now.toISOString();
  const retireBefore = options.now.getTime() - options.retireAfterSeconds * 1000;

  const keys = new Map([...ring.keys].map(([id, material]) => [id, material.toString('utf8')]));
  const addedKeyId = nextKeyId(keys.keys());
  const retiredKeyIds: string[] = [];
  for (const id of keys.keys()) {
    superseded[id] ??= now;
    if (id !== ring.currentKeyId && Date.parse(superseded[id]) <= retireBefore) retiredKeyIds.push(id);
  }
  for (const id of retiredKeyIds) keys.delete(id);
  keys.set(addedKeyId, options.newKeyMaterial);

  const supersededAt = Object.fromEntries(
    Object.entries(superseded).filter(([id]) => keys.has(id) && id !== addedKeyId),
  );
  return {
    secret: JSON.stringify({ currentKeyId: addedKeyId, ...Object.fromEntries(keys), supersededAt }),
    addedKeyId,
    retiredKeyIds,
  };
}
