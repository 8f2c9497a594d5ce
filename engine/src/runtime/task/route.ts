import { defineHandler, HTTPError, readBody, type H3Event } from "h3";
import { dev } from "#edgeplate/app-config";
import { scheduledTasks } from "#edgeplate/tasks";
import { useRuntimeEnv } from "../config/env.ts";
import { listTasks, runTask } from "./run.ts";
import type { TaskPayload } from "./types.ts";

/**
 * `/_tasks` lists the tasks, `/_tasks/<name>` runs one (payload: the query, then a JSON body's
 * fields). Open in dev; in production only to `authorization: Bearer <secret>` with
 * `EDGEPLATE_TASK_SECRET` or Vercel's `CRON_SECRET`, and absent (404) when neither is set.
 */
export default defineHandler(async (event) => {
  if (!dev && !authorized(event)) throw new HTTPError({ status: 404 });
  const name = decodeURIComponent(event.url.pathname.slice("/_tasks".length).replace(/^\//, ""));
  if (!name) return { tasks: await listTasks(), scheduledTasks: Object.fromEntries(scheduledTasks) };
  return runTask(name, { payload: await payloadOf(event), context: {} });
});

function authorized(event: H3Event): boolean {
  const env = useRuntimeEnv();
  const given = event.req.headers.get("authorization") ?? "";
  return [env.EDGEPLATE_TASK_SECRET, env.CRON_SECRET].some((secret) => !!secret && sameText(given, `Bearer ${secret}`));
}

/** Compares without stopping at the first differing character, so the answer time tells nothing of the secret. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}

async function payloadOf(event: H3Event): Promise<TaskPayload> {
  const payload: TaskPayload = Object.fromEntries(event.url.searchParams);
  if (event.req.method === "GET" || event.req.method === "HEAD") return payload;
  const body = await readBody<unknown>(event);
  if (body === undefined || body === null || body === "") return payload;
  if (typeof body !== "object" || Array.isArray(body)) throw new HTTPError({ status: 400, message: "A task's payload must be a JSON object." });
  return { ...payload, ...(body as TaskPayload) };
}
