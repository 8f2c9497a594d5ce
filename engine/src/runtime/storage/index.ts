import { createStorage, prefixStorage, type Driver, type Storage } from "unstorage";
import { mounts } from "#edgeplate/storage";
import { serverAssets } from "#edgeplate/server-assets";
import { assetsDriver } from "./assets-driver.ts";
import { failedDriver } from "./failed-driver.ts";
import { protoSafeDriver } from "./proto-keys.ts";
import { forgetResolvedKeys } from "./resolve.ts";

let storage: Storage | undefined;

/**
 * The app's key-value storage (unstorage). Mounts: `data`, `cache`, `assets:server` (and `assets:<name>` per `serverAssets` entry), plus any in config.
 * @example
 * await useStorage("data").setItem("visits", 1);
 */
export function useStorage<T extends import("unstorage").StorageValue = import("unstorage").StorageValue>(base = ""): Storage<T> {
  storage ??= initStorage();
  return (base ? prefixStorage(storage, base) : storage) as unknown as Storage<T>;
}

function initStorage(): Storage {
  const root = createStorage();
  // `assets:server` always exists; each other `serverAssets` name that bundled files gets its own
  // mount. A nested name (`mail:templates`) is served by the mount of its first segment.
  const names = new Set(["server", ...Object.keys(serverAssets).map((key) => key.slice(0, key.indexOf(":")))]);
  for (const base of names) root.mount(`assets:${base}`, assetsDriver({ base }));
  // Reads keep a stored `__proto__` key as data, without destr's warning per read (proto-keys.ts).
  for (const mount of mounts) root.mount(mount.base, protoSafeDriver(createDriver(mount)));
  // A plugin mounting or unmounting later changes which driver a key belongs to (`resolve.ts`).
  const { mount, unmount } = root;
  root.mount = (base, driver) => (forgetResolvedKeys(), mount(base, driver));
  // unstorage removes the mount only after disposing it, so forget again once it is gone.
  root.unmount = (base, dispose) => unmount(base, dispose).finally(forgetResolvedKeys);
  return root;
}

/**
 * A mount whose driver throws on creation fails alone, on its own first use (see
 * `failed-driver.ts`). A mount whose driver may be networked comes with its `guard` from the build
 * (`guarded-driver.ts`: a deadline on every call); in-process ones come without, so an app that has
 * only those does not bundle the guard.
 */
function createDriver({ base, driver: create, guard }: (typeof mounts)[number]): Driver {
  let driver: Driver;
  try {
    driver = create();
  } catch (error) {
    return failedDriver(error);
  }
  return guard ? guard(base, driver) : driver;
}
