// What run.mjs runs (through vitest, which loads the TypeScript): the matrix with the selection it
// passes in EDGEPLATE_MATRIX (JSON `{ starter?, platform? }`, as the command's flags).
import { test } from "vitest";
import { runMatrix, select } from "./matrix.ts";
import { SKIPPED } from "./platforms.ts";

test("smoke matrix", async () => {
  const { starter, platform } = JSON.parse(process.env.EDGEPLATE_MATRIX ?? "{}") as { starter?: string; platform?: string };
  const { starters, unlisted, platforms, skipped } = select(starter, platform);
  for (const p of skipped) console.log(`[matrix] ${p}: skipped, ${SKIPPED[p]}`);
  const { cells } = await runMatrix({ starters, unlisted, platforms });
  const failed = cells.filter((c) => !c.ok);
  // The cells and their failures are printed above; this only makes the run fail.
  if (failed.length > 0) throw new Error(`${failed.length} of ${cells.length} cells failed: ${failed.map((c) => `${c.starter} × ${c.platform}`).join(", ")}`);
});
