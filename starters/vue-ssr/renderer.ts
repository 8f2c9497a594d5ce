import { $fetch, type H3Event } from "edgeplate";
import { createSSRApp } from "vue";
import { renderToWebStream } from "vue/server-renderer";
import App from "./app/App.ts";
import type { PageState } from "./app/types.ts";

// The browser half: Vite serves its source under `vite dev` (with HMR); a build links the bundle
// `vite build` wrote (vite.config.ts names it).
const CLIENT = import.meta.dev
  ? `<script type="module" src="/@vite/client"></script><script type="module" src="/app/client.ts"></script>`
  : `<script type="module" src="/assets/client.js"></script>`;

// `<` escaped so the JSON cannot close the script element it sits in.
const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/**
 * The renderer: every path no API route answers. The data comes from the app's own API through
 * `$fetch`, answered in-process (no socket, no second request on the wire); Vue's HTML is streamed
 * as it is rendered, between the page's head and the script that hydrates it. Returning nothing
 * leaves the request to the rest of the app (here: the JSON 404).
 */
export default async function render(event: H3Event): Promise<ReadableStream<Uint8Array> | undefined> {
  // Pages are for browsers' reads; an unknown API path or a stray POST keeps the JSON 404.
  if ((event.req.method !== "GET" && event.req.method !== "HEAD") || event.url.pathname.startsWith("/api/")) return undefined;
  const [greeting, clicks] = await Promise.all([$fetch("/api/greeting"), $fetch("/api/clicks")]);
  const state: PageState = { greeting, clicks, path: event.url.pathname };
  const head = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Vue SSR on Edgeplate</title>
    ${CLIENT}
  </head>
  <body>
    <div id="app">`;
  const tail = `</div>
    <script type="application/json" id="page-state">${safeJson(state)}</script>
  </body>
</html>
`;
  const encoder = new TextEncoder();
  const app = renderToWebStream(createSSRApp(App, { state })).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start: (controller) => controller.enqueue(encoder.encode(head)),
      flush: (controller) => controller.enqueue(encoder.encode(tail)),
    }),
  );
  return app;
}
