// `edgeplate/client`: what browser code imports. Nothing here may import the server runtime (the
// app, its virtual modules, storage…): `engine/test/client.test.ts` bundles this entry for the
// browser and fails if anything but ofetch and its own dependencies ends up in it.
import { ofetch } from "ofetch";
import type { EdgeplateFetch } from "../runtime/fetch/types.ts";

/**
 * ofetch over the network, typed like the server's `$fetch` from the app's routes: JSON parsed,
 * plain objects sent as JSON, `query`, errors as `FetchError` with the error body in `data`.
 * @example
 * const links = await $fetch("/api/links");
 */
export const $fetch = ofetch as EdgeplateFetch;
export { FetchError } from "ofetch";
export type { EdgeplateFetch } from "../runtime/fetch/types.ts";
