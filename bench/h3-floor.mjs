// The stack's own floor: bare h3 v2 on srvx's Node adapter with the one JSON route, nothing of
// Edgeplate's. The gap between this and raw node:http is h3 + srvx; Edgeplate's own cost is the
// gap between this and Edgeplate.
import { H3 } from "h3";
import { serve } from "srvx/node";

const payload = { hello: "world", id: 42, tags: ["fast", "small", "portable"], nested: { ok: true, count: 3 } };
const app = new H3().get("/api/json", () => payload);
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1", silent: true, gracefulShutdown: false });
