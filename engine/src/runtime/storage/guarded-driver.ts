import { HTTPError } from "h3";
import type { Driver } from "unstorage";
import { createStorageGuard } from "./guard.ts";

/** In-process drivers answer or throw at once; a thrown error there is about the call, not an outage. `idb-keyval`: the browser's IndexedDB (service worker). */
const LOCAL_DRIVERS = new Set(["memory", "lru-cache", "fs", "fs-lite", "idb-keyval"]);

/** The build's `guard` for a mount whose driver it cannot tell is in-process: guarded unless its name says so. */
export function guardNetworked(mount: string, driver: Driver): Driver {
  return LOCAL_DRIVERS.has(driver.name ?? "") ? driver : guardedDriver(mount, driver);
}

/** Driver methods that do not call the backend per request. */
const UNGUARDED = new Set(["watch", "dispose", "getInstance"]);

/**
 * The mount's driver with every call bounded in time (see `guard.ts`): with its backend down a
 * call fails within seconds with a 503 instead of waiting in the client's offline queue, and the
 * outage and the recovery are logged once each. The cache turns the `cache` mount's 503s into
 * misses and dropped writes (a failing cache degrades to uncached responses), so its log says so.
 */
export function guardedDriver(mount: string, driver: Driver): Driver {
  const base = mount.replace(/:$/, "");
  const state = createStorageGuard(base, {
    ...(base === "cache"
      ? { subsystem: "cache", whileDown: "serving uncached responses", whenBack: "caching resumed" }
      : { subsystem: "storage", whileDown: "its calls answer 503", whenBack: "its calls work again" }),
    probe: () => Promise.resolve(driver.hasItem("edgeplate-probe", {})),
    client: () => driver.getInstance?.(),
  });
  const unavailable = (cause: unknown) => new HTTPError({ status: 503, statusText: "Service Unavailable", message: `The \`${base}\` storage is unavailable`, cause });
  const wrapped: Record<string, unknown> = { ...driver };
  for (const [name, method] of Object.entries(driver)) {
    if (typeof method !== "function" || UNGUARDED.has(name)) continue;
    wrapped[name] = (...args: unknown[]) => {
      if (state.isDown()) return (state.probe(), Promise.reject(unavailable(undefined)));
      return state
        .guard(base, () => Promise.resolve(method.apply(driver, args)))
        .catch((error: unknown) => {
          state.reportOutage(base, error);
          throw unavailable(error);
        });
    };
  }
  return wrapped as unknown as Driver;
}
