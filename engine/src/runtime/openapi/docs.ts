import { defineHandler } from "h3";

// Scalar's standalone bundle from its CDN: Scalar is not a dependency of the engine, and this page
// exists in dev only, where the browser is online anyway.
// `import.meta.baseURL` inline, not internal/base-url.ts: see openapi/document.ts.
const PAGE = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>API reference</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script>
    <script>
      Scalar.createApiReference("#app", { url: "${import.meta.baseURL ?? "/"}_openapi.json" });
    </script>
  </body>
</html>
`;

/** `/_docs` (dev only): the API reference of `/_openapi.json`, rendered by Scalar. */
export default defineHandler(() => new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }));
