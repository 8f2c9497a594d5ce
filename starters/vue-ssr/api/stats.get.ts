import { defineCachedHandler } from "edgeplate/cache";
import { useStorage } from "edgeplate/storage";

// The click count for embeds on other pages, which may be loaded by many readers at once: cached for
// 3 s with stale-while-revalidate (`x-cache` says HIT, MISS or STALE), so a burst of readers costs
// one storage read. `/api/clicks` stays uncached for the page's own counter.
export default defineCachedHandler(async () => ({ clicks: (await useStorage("data").getItem<number>("clicks")) ?? 0, computedAt: new Date().toISOString() }), {
  maxAge: 3,
  swr: true,
});
