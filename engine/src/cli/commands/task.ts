import { defineCommand } from "citty";
import { createError } from "../../build/errors.ts";
import { callBuiltTasks } from "../../build/task-cli.ts";

const dir = { type: "string", default: ".", description: "App folder" } as const;

const list = defineCommand({
  meta: { name: "list", description: "List the built app's tasks and schedule." },
  args: { dir },
  async run({ args }) {
    const { tasks, scheduledTasks } = (await callBuiltTasks(args.dir)) as { tasks: Record<string, { description?: string }>; scheduledTasks: Record<string, string[]> };
    for (const [name, meta] of Object.entries(tasks)) {
      const crons = Object.entries(scheduledTasks).flatMap(([cron, names]) => (names.includes(name) ? [cron] : []));
      console.log([name, meta.description ?? "", crons.length ? `(${crons.join(", ")})` : ""].filter(Boolean).join("  "));
    }
  },
});

const run = defineCommand({
  meta: { name: "run", description: "Run a task of the built app and print its result as JSON." },
  args: {
    name: { type: "positional", required: true, description: "Task name (`db:migrate`)" },
    payload: { type: "string", description: "Payload, a JSON object" },
    dir,
  },
  async run({ args }) {
    console.log(JSON.stringify(await callBuiltTasks(args.dir, args.name, parsePayload(args.payload))));
  },
});

function parsePayload(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw createError("task", `\`--payload\` is not JSON (${(error as Error).message}). Pass an object: \`--payload '{"id":1}'\`.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw createError("task", "`--payload` must be a JSON object: `--payload '{\"id\":1}'`.");
  return value as Record<string, unknown>;
}

export default defineCommand({
  meta: { name: "task", description: "List or run the tasks (`tasks/`) of the built app." },
  subCommands: { list, run },
});
