// Before the type tests: the packages' dist/ up to date (the fixture imports `edgeplate`), then the
// typed-api fixture's route types written by the CLI, as an app's CI would.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup(): void {
  const root = join(import.meta.dirname, "../../..");
  execFileSync(process.execPath, [join(root, "scripts/build-packages.mjs"), "--if-stale"], { stdio: "inherit" });
  execFileSync(process.execPath, [join(root, "engine/bin/edgeplate.mjs"), "prepare", join(root, "engine/test/fixtures/typed-api")], { stdio: "inherit" });
}
