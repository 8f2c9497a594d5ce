// The real Bun binary (`findBun()`: PATH, `BUN_BIN` or `@oven/bun-linux-x64`) running the output with
// `--no-install`, as `edgeplate preview` does; fs storage under the cell's persistDir.
import { execFileSync } from "node:child_process";
import { findBun } from "../../../platforms/bun/binary.ts";
import { startSpawnedCell } from "./spawned.ts";
import type { HostCell } from "./types.ts";

const cell: HostCell = {
  get runtime() {
    return `bun ${execFileSync(findBun(), ["--version"], { encoding: "utf8" }).trim()}`;
  },
  start: (dir, options) => startSpawnedCell("bun", dir, options),
};

export default cell;
