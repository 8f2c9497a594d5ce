// Hono 4 serving the bench app (bench/fixture) on Node, written by hand for `npm run bench -- --peers`.
// Cached route: ocache's handler cache (what Edgeplate and Nitro build on); storage: unstorage.
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { defineCachedHandler } from "ocache";
import { createStorage } from "unstorage";
import { payload } from "../nitro/payload.mjs";

const storage = createStorage();
const cached = defineCachedHandler(() => Response.json(payload), { maxAge: 60, swr: true, name: "bench" });

const app = new Hono()
  .get("/api/hello", (c) => c.json(payload))
  .get("/api/users/:id", (c) => c.json({ id: c.req.param("id"), name: "user" }))
  .post("/api/echo", async (c) => c.json({ received: await c.req.json() }))
  .get("/api/cached", (c) => cached({ req: c.req.raw }))
  .get("/api/visits", async (c) => {
    const visits = ((await storage.getItem("visits")) ?? 0) + 1;
    await storage.setItem("visits", visits);
    return c.json({ visits });
  })
  .use("/*", serveStatic({ root: process.env.PUBLIC_DIR || "public" }));

serve({ fetch: app.fetch, port: Number(process.env.PORT || 3000), hostname: "127.0.0.1" });
