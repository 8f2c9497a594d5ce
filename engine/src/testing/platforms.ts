import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { listPlatforms } from "../build/platforms.ts";

export interface PlatformToTest {
  name: string;
  /** Why this platform cannot run the app; test it with `it.skipIf(skip)`. */
  skip?: string;
  /** A test title: the name, plus the reason when skipped. */
  title: string;
}

const STATIC_NEEDS_NO_API = "skipped: the app has an API (`api/` or `routes/`), and `static` ships files only";
const IN_THE_BROWSER = "skipped: the app runs in the browser's service worker, which only a browser test reaches (engine/test/service-worker.test.ts)";

/**
 * The platforms installed for an app (`node_modules/@edgeplate/platform-*` above it, never a
 * hand-kept list), so a platform that is not installed is not listed rather than counted as passing.
 * @example
 * for (const { name, skip, title } of platformsToTest(root)) {
 *   it.skipIf(skip)(title, () => checkSpaBuild(root, { platform: name }));
 * }
 */
export function platformsToTest(rootDir: string): PlatformToTest[] {
  const root = resolve(rootDir);
  const hasApi = ["api", "routes"].some((dir) => existsSync(join(root, dir)));
  return listPlatforms(root).map((name) => {
    const skip = name === "static" && hasApi ? STATIC_NEEDS_NO_API : name === "service-worker" ? IN_THE_BROWSER : undefined;
    return { name, skip, title: skip ? `${name} (${skip})` : name };
  });
}
