import { createFetch } from "ofetch";
import { serverFetch } from "../internal/fetch.ts";
import type { EdgeplateFetch } from "./types.ts";

/**
 * ofetch on the server: JSON parsed, plain objects sent as JSON, `query`, errors as `FetchError`
 * with the contract's error body in `data`, `$fetch.raw` for the `Response`. A path starting with
 * `/` is answered by the app in-process (route rules, middleware and cache included, no socket);
 * anything else goes over the network.
 * @example
 * const user = await $fetch("/api/users/42");
 * const created = await $fetch("/api/items", { method: "POST", body: { name: "x" } });
 */
export const $fetch = createFetch({ fetch: serverFetch }) as EdgeplateFetch;
