import { defineCommand, runMain, type CommandDef } from "citty";
import { EdgeplateError } from "../build/errors.ts";

type CommandModule = Promise<{ default: CommandDef<any> }>;
const load = (module: () => CommandModule) => () => module().then(({ default: command }) => guarded(command));

const cli = defineCommand({
  meta: { name: "edgeplate", version: "0.1.0", description: "Build and serve a full-stack TypeScript app for any host." },
  subCommands: {
    build: load(() => import("./commands/build.ts")),
    dev: load(() => import("./commands/dev.ts")),
    init: load(() => import("./commands/init.ts")),
    prepare: load(() => import("./commands/prepare.ts")),
    preview: load(() => import("./commands/preview.ts")),
    task: load(() => import("./commands/task.ts")),
  },
});

export async function main(): Promise<void> {
  await runMain(cli);
}

/** Command errors print one line that says what is wrong (the stack only with DEBUG=1). */
function guarded(command: CommandDef<any>): CommandDef<any> {
  // `edgeplate task run`: each subcommand's errors print the same way.
  const subCommands = command.subCommands as Record<string, CommandDef<any>> | undefined;
  if (subCommands) return { ...command, subCommands: Object.fromEntries(Object.entries(subCommands).map(([name, sub]) => [name, guarded(sub)])) };
  return {
    ...command,
    async run(ctx) {
      try {
        await command.run?.(ctx);
      } catch (error) {
        fail(error);
      }
    },
  };
}

function fail(error: unknown): never {
  if (process.env.DEBUG) console.error(error);
  else console.error(error instanceof Error ? error.message.split("\n")[0] : String(error));
  if (!(error instanceof EdgeplateError) && !process.env.DEBUG) console.error("(run with DEBUG=1 for the stack trace)");
  process.exit(1);
}
