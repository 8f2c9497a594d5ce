import { defineCachedHandler } from "edgeplate/cache";
import { listLinks } from "../../server/links.ts";

/**
 * The ten most-clicked links: reading every counter is the expensive part, so the board is cached
 * for 3 s with stale-while-revalidate (`x-cache` says HIT, MISS or STALE); a click shows up on the
 * next refresh, not at once.
 */
export default defineCachedHandler(
  async () => {
    const top = (await listLinks()).sort((a, b) => b.hits - a.hits || a.slug.localeCompare(b.slug)).slice(0, 10);
    return { links: top, computedAt: new Date().toISOString() };
  },
  { maxAge: 3, swr: true },
);
