import { createStorage, prefixStorage, type Storage } from "unstorage";
import { mounts } from "#edgeplate/storage";
import { assetsDriver } from "./assets-driver.ts";
import { forgetResolvedKeys } from "./resolve.ts";

let storage: Storage | undefined;

/**
 * The app's key-value storage (unstorage). Mounts: `data`, `cache`, `assets:server`, plus any in config.
 * @example
 * await useStorage("data").setItem("visits", 1);
 */
export function useStorage<T extends import("unstorage").StorageValue = import("unstorage").StorageValue>(base = ""): Storage<T> {
  storage ??= initStorage();
  return (base ? prefixStorage(storage, base) : storage) as unknown as Storage<T>;
}

function initStorage(): Storage {
  const root = createStorage();
  root.mount("assets:server", assetsDriver());
  for (const mount of mounts) root.mount(mount.base, mount.driver());
  // A plugin mounting or unmounting later changes which driver a key belongs to (`resolve.ts`).
  const { mount, unmount } = root;
  root.mount = (base, driver) => (forgetResolvedKeys(), mount(base, driver));
  // unstorage removes the mount only after disposing it, so forget again once it is gone.
  root.unmount = (base, dispose) => unmount(base, dispose).finally(forgetResolvedKeys);
  return root;
}
