import { defineHandler } from "h3";
import { buildDocument } from "./document.ts";

let document: Promise<Record<string, unknown>> | undefined;

/** `/_openapi.json`: built on the first request (it loads every route module), then kept. */
export default defineHandler(() => (document ??= buildDocument()));
