// `edgeplate/task`: tasks are files in `tasks/` (`tasks/db/migrate.ts` is `db:migrate`), run by name.
import type { Task } from "./types.ts";

export { runTask, listTasks } from "./run.ts";
export type { Task, TaskContext, TaskEvent, TaskMeta, TaskPayload, TaskResult } from "./types.ts";

/**
 * A task: `export default defineTask({ meta: { description }, run({ payload, context }) { return { result } } })`.
 * At most one run of a task is in flight per instance: a call while it runs gets that run's result.
 */
export function defineTask<R = unknown>(task: Task<R>): Task<R> {
  return task;
}
