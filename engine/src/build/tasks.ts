import { createRequire } from "node:module";
import { relative } from "pathe";
import type { ResolvedOptions } from "../types/config.ts";
import { createError } from "./errors.ts";
import { runtimeFile } from "./paths.ts";
import type { ScannedApp, ScannedRoute } from "./scan.ts";

/** Where tasks are listed and run over HTTP (dev, `edgeplate task`, Vercel's crons). */
export const TASKS_PATH = "/_tasks";

/** `tasks/db/migrate.ts` → `db:migrate`, as Nitro names them. */
export function toTasks(files: string[], tasksDir: string): Record<string, string> {
  const tasks: Record<string, string> = {};
  for (const file of files) {
    const name = relative(tasksDir, file)
      .replace(/\.[cm]?[jt]sx?$/, "")
      .replaceAll("/", ":");
    tasks[name] = file;
  }
  return tasks;
}

/** The config's `scheduledTasks` as `[cron, task names]`, for platforms writing their host's crons (the build has checked them). */
export function scheduleOf(options: Pick<ResolvedOptions, "config">): [string, string[]][] {
  return Object.entries(options.config.scheduledTasks ?? {}).map(([cron, names]) => [cron, [names].flat()]);
}

/** The config's `scheduledTasks` as `[cron, task names]`, checked against the tasks found and the platform. */
export function scheduledTasksOf(options: ResolvedOptions, app: ScannedApp): [string, string[]][] {
  const config = options.config.scheduledTasks ?? {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw createError("config", '`scheduledTasks` must map cron patterns to task names: `{ "0 * * * *": "db:cleanup" }`.');
  }
  const entries = scheduleOf(options);
  if (entries.length === 0) return entries;
  for (const [cron, names] of entries) {
    try {
      // Loaded only when the config schedules tasks (most apps do not; a dev server start skips it).
      const { Cron } = createRequire(import.meta.url)("croner") as typeof import("croner");
      new Cron(cron, { paused: true }).stop();
    } catch (error) {
      throw createError(
        "config",
        `\`scheduledTasks\` has the cron pattern \`${cron}\`, which croner cannot read (${(error as Error).message}). Write five fields (\`*/5 * * * *\`) or six with seconds first.`,
      );
    }
    for (const name of names) {
      if (typeof name !== "string" || !Object.hasOwn(app.tasks, name)) {
        throw createError(
          "config",
          `\`scheduledTasks\` runs \`${String(name)}\` at \`${cron}\`, but there is no such task. Add \`tasks/${String(name).replaceAll(":", "/")}.ts\` or fix the name.`,
        );
      }
    }
  }
  return entries;
}

/**
 * Whether this platform can fire the schedule: the build fails on one that has no cron triggers,
 * and on hosts' crons (minutes their finest field) for a pattern with seconds.
 */
export function checkScheduleSupport(options: ResolvedOptions, app: ScannedApp): void {
  const entries = scheduledTasksOf(options, app);
  if (entries.length === 0 || options.dev) return;
  const mode = options.preset.cron;
  if (!mode) {
    throw createError(
      "config",
      `platform \`${options.preset.name}\` cannot run \`scheduledTasks\` (it has no cron triggers). Remove them, or build for a platform that has (node-server, bun, deno, cloudflare, vercel, netlify).`,
    );
  }
  for (const [cron] of entries) {
    if (mode !== "process" && cron.trim().split(/\s+/).length !== 5) {
      throw createError(
        "config",
        `\`scheduledTasks\` has \`${cron}\`, but ${options.preset.name}'s cron triggers take five fields (minute hour day month weekday). Drop the seconds field.`,
      );
    }
  }
}

/** `#edgeplate/tasks`: a lazy import per task, and the schedule. */
export function tasksModule({ options, app }: { options: ResolvedOptions; app: ScannedApp }): string {
  const tasks = Object.entries(app.tasks).map(([name, file]) => `  ${JSON.stringify(name)}: () => import(${JSON.stringify(file)})`);
  return `export const tasks = {\n${tasks.join(",\n")}\n};\nexport const scheduledTasks = ${JSON.stringify(scheduledTasksOf(options, app))};\n`;
}

/** `/_tasks` and `/_tasks/<name>` in the route table when the app has tasks; a route of the app's own there wins. */
export function taskRoutes({ app }: { app: Pick<ScannedApp, "routes" | "tasks"> }): ScannedRoute[] {
  if (Object.keys(app.tasks).length === 0) return [];
  const taken = app.routes.some((r) => r.route === TASKS_PATH || r.route.startsWith(`${TASKS_PATH}/`));
  if (taken) return [];
  const file = runtimeFile("task/route");
  return [
    { route: TASKS_PATH, method: "", file },
    { route: `${TASKS_PATH}/**:name`, method: "", file },
  ];
}

/** The runtime plugin that fires the schedule on this platform, first among the plugins. */
export function taskPlugins({ options, app }: { options: ResolvedOptions; app: ScannedApp }): string[] {
  if (scheduledTasksOf(options, app).length === 0) return [];
  // Dev never fires the schedule (a rebuild would leave the old one running): `/_tasks/<name>` runs a task there.
  if (options.dev) return [];
  const mode = options.preset.cron;
  if (mode === "process") return [runtimeFile("task/schedule-process")];
  if (mode === "hook") return [runtimeFile("task/schedule-host")];
  return [];
}
