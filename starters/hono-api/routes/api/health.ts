import { defineHandler } from "edgeplate";

// A file route beside the Hono app: matched routes answer before server.ts runs.
export default defineHandler(() => ({ status: "ok" }));
