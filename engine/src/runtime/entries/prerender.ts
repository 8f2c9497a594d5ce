// Entry of the bundle that prerenders routes at build time: the build imports it in-process and
// hands it requests (build/prerender.ts), so it needs no server and works for every platform.
import { setPublicAssetReader, useApp } from "../platform.ts";

export { setPublicAssetReader };

export function fetch(request: Request): Promise<Response> {
  return Promise.resolve(useApp().fetch(request));
}

export function close(): Promise<void> {
  return useApp().hooks.callHook("close");
}
