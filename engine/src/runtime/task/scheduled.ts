import { scheduledTasks } from "#edgeplate/tasks";
import { runTask } from "./run.ts";

/**
 * Runs the tasks `scheduledTasks` names for `cron`, each at most once at a time (`runTask`). A
 * failing task is logged and does not stop the others: no caller is there to see the error.
 */
export async function runScheduledTasks(cron: string, scheduledTime = Date.now()): Promise<void> {
  const names = scheduledTasks.find(([pattern]) => pattern === cron)?.[1] ?? [];
  await Promise.all(
    names.map((name) =>
      runTask(name, { context: { scheduled: true, cron, scheduledTime } }).catch((error: unknown) => {
        console.error(`[edgeplate] scheduled task \`${name}\` (\`${cron}\`) failed:`, error);
      }),
    ),
  );
}
