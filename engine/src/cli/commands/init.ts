import { defineCommand } from "citty";
import { initStarter } from "../../init/index.ts";
import { listStarters } from "../../init/repository.ts";

export default defineCommand({
  meta: {
    name: "init",
    description: "Write a standalone copy of a starter that installs, tests and builds outside this repository (run it from a checkout of the Edgeplate repository).",
  },
  args: {
    dir: { type: "positional", required: true, description: "New app folder (absent or empty)" },
    starter: { type: "string", default: "minimal", description: `Starter to copy, a folder under starters/ (${listStarters().join(", ") || "none: not a checkout"})` },
    platform: { type: "string", description: "More platforms to add besides the starter's own, comma-separated (e.g. bun,deno)" },
  },
  async run({ args }) {
    const platforms = args.platform
      ?.split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    await initStarter({ dir: args.dir, starter: args.starter, platforms });
  },
});
