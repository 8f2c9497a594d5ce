import { HTTPError } from "h3";
import { tasks } from "#edgeplate/tasks";
import type { Task, TaskContext, TaskMeta, TaskPayload, TaskResult } from "./types.ts";

// Per instance, one run per task name at a time: a call while it runs joins the running one.
const running = new Map<string, Promise<TaskResult>>();

/**
 * Runs the task `name` (its file's path under `tasks/`, `/` written as `:`) and resolves with what
 * its `run` returned. A call while the same task runs gets that run's result instead of a second run.
 */
export function runTask<R = unknown>(name: string, { payload = {}, context = {} }: { payload?: TaskPayload; context?: TaskContext } = {}): Promise<TaskResult<R>> {
  const current = running.get(name);
  if (current) return current as Promise<TaskResult<R>>;
  const run = start(name, payload, context).finally(() => running.delete(name));
  running.set(name, run);
  return run as Promise<TaskResult<R>>;
}

async function start(name: string, payload: TaskPayload, context: TaskContext): Promise<TaskResult> {
  const task = await loadTask(name);
  if (typeof task?.run !== "function") {
    throw new HTTPError({ status: 500, message: `The task \`${name}\` has no \`run\` function. Export \`defineTask({ run })\` as the default export of its file.` });
  }
  // Always an object, so a caller can read `.result` whatever the task returned.
  return (await task.run({ name, payload, context })) ?? {};
}

async function loadTask(name: string): Promise<Task | undefined> {
  const load = Object.hasOwn(tasks, name) ? tasks[name] : undefined;
  if (!load) {
    const known =
      Object.keys(tasks)
        .map((t) => `\`${t}\``)
        .join(", ") || "none";
    throw new HTTPError({ status: 404, message: `There is no task \`${name}\` (tasks: ${known}). Add \`tasks/${name.replaceAll(":", "/")}.ts\`.` });
  }
  return ((await load()) as { default?: Task }).default;
}

/** Every task with its `meta` (this loads each task's module). */
export async function listTasks(): Promise<Record<string, TaskMeta>> {
  const entries = await Promise.all(Object.keys(tasks).map(async (name) => [name, (await loadTask(name))?.meta ?? {}] as const));
  return Object.fromEntries(entries);
}
