/**
 * The one naming rule of `EDGEPLATE_*` variables: each path segment in SCREAMING_SNAKE_CASE
 * (`apiBase` → `API_BASE`, `my-cache` → `MY_CACHE`), joined by `_` after `EDGEPLATE`.
 * Pure, so build code names the same variables the runtime reads.
 * @example
 * toEnvName(["storage", "data", "url"]) // "EDGEPLATE_STORAGE_DATA_URL"
 */
export function toEnvName(path: string[]): string {
  return ["EDGEPLATE", ...path.map(toEnvSegment)].join("_");
}

export function toEnvSegment(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^a-zA-Z0-9]+/g, "_")
    .toUpperCase();
}
