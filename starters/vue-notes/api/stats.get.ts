import { defineCachedHandler } from "edgeplate/cache";
import { noteStats } from "../server/notes.ts";

// How many notes there are and when one last changed, for a badge or a status page: cached for 3 s
// with stale-while-revalidate, so frequent polling costs one query per refresh (`x-cache` says HIT,
// MISS or STALE).
export default defineCachedHandler(async () => ({ ...(await noteStats()), computedAt: new Date().toISOString() }), { maxAge: 3, swr: true });
