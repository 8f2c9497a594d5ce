import type { EdgeplatePlugin } from "../internal/types.ts";
import { runScheduledTasks } from "./scheduled.ts";

/** Hosts that fire cron triggers themselves (Cloudflare's `scheduled` handler) reach the tasks through the `scheduled` hook. */
const schedule: EdgeplatePlugin = (app) => {
  app.hooks.hook("scheduled", (event) => runScheduledTasks(event.cron, event.scheduledTime));
};

export default schedule;
