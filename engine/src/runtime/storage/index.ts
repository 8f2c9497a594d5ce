import { createStorage, prefixStorage, type Storage } from "unstorage";
import { mounts } from "#edgeplate/storage";
import { assetsDriver } from "./assets-driver.ts";

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
  return root;
}
