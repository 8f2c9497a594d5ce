// Entry of the dev bundle: the dev server imports it in-process and hands requests to `fetch`.
import { setPublicAssetReader, useApp } from "../platform.ts";

export { setPublicAssetReader };

export function fetch(request: Request): Promise<Response> {
  return Promise.resolve(useApp().fetch(request));
}

export function close(): Promise<void> {
  return useApp().hooks.callHook("close");
}
