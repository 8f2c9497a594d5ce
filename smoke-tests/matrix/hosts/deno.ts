// The real Deno binary (`findDeno()`: PATH, `DENO_BIN` or the `deno` npm package) running the
// `start` task of `.output/deno.json`; fs storage under the cell's persistDir.
import { execFileSync } from "node:child_process";
import { findDeno } from "../../../platforms/deno/deno.ts";
import { startSpawnedCell } from "./spawned.ts";
import type { HostCell } from "./types.ts";

const cell: HostCell = {
  get runtime() {
    // `deno 2.9.6 (stable, release, …)`: the first two words.
    return execFileSync(findDeno(), ["--version"], { encoding: "utf8" }).split(" ").slice(0, 2).join(" ");
  },
  start: (dir, options) => startSpawnedCell("deno", dir, options),
};

export default cell;
