import { useStorage } from "../storage/index.ts";
import { createStorageGuard } from "../storage/guard.ts";

/** The `cache` mount's guard: reads are misses and writes are dropped while it is down. */
export const { guard, isDown, probe, reportOutage } = createStorageGuard("cache", {
  subsystem: "cache",
  whileDown: "serving uncached responses",
  whenBack: "caching resumed",
  probe: (key) => useStorage().hasItem(key),
  client: (key) => (useStorage().getMount(key).driver as { getInstance?: () => unknown }).getInstance?.(),
});
