import { defineCommand } from "citty";
import { preview } from "../../build/preview.ts";

export default defineCommand({
  meta: { name: "preview", description: "Run the built output the way its host would." },
  args: { dir: { type: "positional", required: false, default: ".", description: "App folder" } },
  async run({ args }) {
    await preview(args.dir);
  },
});
