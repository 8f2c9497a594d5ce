import { defineCommand } from "citty";
import { relative } from "pathe";
import { logger } from "../../build/logger.ts";
import { loadOptions } from "../../build/options.ts";
import { writeRouteTypes } from "../../build/types/index.ts";

export default defineCommand({
  meta: {
    name: "prepare",
    description: "Write the route types (.edgeplate/types/routes.d.ts) and .edgeplate/tsconfig.json without building, e.g. before `tsc --noEmit` in CI.",
  },
  args: { dir: { type: "positional", required: false, default: ".", description: "App folder" } },
  async run({ args }) {
    const options = await loadOptions({ rootDir: args.dir });
    const written = await writeRouteTypes(options);
    const where = (file: string) => relative(process.cwd(), file);
    logger.success(`Route types for ${written.routes} routes in ${where(written.routesFile)}; extend ${where(written.tsconfigFile)} from the app's tsconfig.json`);
  },
});
