import { hasDotSegment, normalizeKey, type Driver, type Storage } from "unstorage";

/** Driver lookups by key, dropped whenever a mount changes (see `index.ts`). */
const resolved = new Map<string, { driver: Driver; relativeKey: string }>();
const MAX_RESOLVED = 4096;

/**
 * The driver and driver-relative key that `storage` (the root from `useStorage()`) uses for
 * `key`, remembered per key. unstorage normalizes (four regular expressions) and resolves the
 * mount on every call, which was a sizeable part of a cache hit. `undefined` for keys unstorage
 * would refuse or resolve differently: use the storage itself for those, it throws the usual error.
 * Internal (the cache's hit path), not part of `edgeplate/storage`.
 */
export function resolveStorageKey(storage: Storage, key: string): { driver: Driver; relativeKey: string } | undefined {
  const known = resolved.get(key);
  if (known) return known;
  const normalized = normalizeKey(key);
  if (!normalized || hasDotSegment(normalized)) return undefined;
  const { driver, base } = storage.getMount(normalized);
  // getMount matches `normalized + ":"`; items match on the key itself.
  if (!normalized.startsWith(base)) return undefined;
  if (resolved.size >= MAX_RESOLVED) resolved.clear();
  const item = { driver, relativeKey: normalized.slice(base.length) };
  resolved.set(key, item);
  return item;
}

/** Called when a mount changes which driver a key belongs to. */
export function forgetResolvedKeys(): void {
  resolved.clear();
}
