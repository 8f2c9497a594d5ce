import { Cron } from "croner";
import { scheduledTasks } from "#edgeplate/tasks";
import { useRuntimeEnv } from "../config/env.ts";
import type { EdgeplatePlugin } from "../internal/types.ts";
import { runScheduledTasks } from "./scheduled.ts";

/**
 * Hosts with a long-lived process (Node, Bun, Deno) run `scheduledTasks` themselves, with croner.
 * `EDGEPLATE_SCHEDULED_TASKS=false` turns the schedule off (`edgeplate task run` sets it, and a
 * deployment of several instances may keep it on one only).
 */
const schedule: EdgeplatePlugin = (app) => {
  if (useRuntimeEnv().EDGEPLATE_SCHEDULED_TASKS === "false") return;
  const jobs = scheduledTasks.map(([cron]) => new Cron(cron, (job: Cron) => runScheduledTasks(cron, (job.currentRun() ?? new Date()).getTime())));
  // A stopping server must not start a task after it has finished its requests.
  app.hooks.hook("close", () => {
    for (const job of jobs) job.stop();
  });
};

export default schedule;
