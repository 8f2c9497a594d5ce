import { defineCachedHandler } from "edgeplate/cache";

// The smallest cached route: the answer is kept for 2 s, then served stale once while one
// background refresh runs (stale-while-revalidate). `x-cache` says HIT, MISS or STALE. Cache what
// is expensive to compute (a remote API, an aggregate) the same way.
export default defineCachedHandler(() => ({ computedAt: new Date().toISOString() }), { maxAge: 2, swr: true });
