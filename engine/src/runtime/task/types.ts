/** What a task's `run` receives (Nitro's `TaskEvent`). */
export interface TaskEvent<P extends TaskPayload = TaskPayload> {
  /** The task's name, from its file (`tasks/db/migrate.ts` → `db:migrate`). */
  name: string;
  payload: P;
  context: TaskContext;
}

export type TaskPayload = Record<string, unknown>;

/** Extra data a caller passes beside the payload; a scheduled run gets `{ scheduled: true, cron }`. */
export type TaskContext = Record<string, unknown>;

export interface TaskMeta {
  name?: string;
  description?: string;
}

/** What `run` returns: `result` is handed back to the caller of `runTask`. */
export interface TaskResult<R = unknown> {
  result?: R;
}

export interface Task<R = unknown> {
  meta?: TaskMeta;
  run(event: TaskEvent): TaskResult<R> | Promise<TaskResult<R>>;
}
