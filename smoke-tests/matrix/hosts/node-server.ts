// node-server: `node .output/server/index.mjs`, as its host runs it. The `data` mount and the
// SQLite database live under EDGEPLATE_DATA_DIR, pointed at persistDir so a restart finds them.
import { startSpawnedCell } from "./spawned.ts";
import type { HostCell } from "./types.ts";

export default {
  runtime: `node ${process.version}`,
  start: (dir, options) => startSpawnedCell("node-server", dir, options),
} satisfies HostCell;
