import type { CacheInfo, Summary } from "../api.ts";

/** Says when the numbers were computed and whether this answer came from the server's cache. */
export function CacheBadge({ summary, cache }: { summary: Summary; cache: CacheInfo }) {
  const at = new Date(summary.computedAt).toLocaleTimeString("en-US");
  const source = !cache.cached ? "freshly computed" : cache.stale ? "served stale from cache, refreshing" : "served from cache";
  return (
    <p className="cache" role="status" data-cached={cache.cached}>
      Computed at <time dateTime={summary.computedAt}>{at}</time> · {source}
      {cache.cached && ` (${cache.ageSeconds}s old, fresh for ${cache.maxAge}s)`}
    </p>
  );
}
