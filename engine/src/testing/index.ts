// `edgeplate/testing`: build an app and run its output in tests, the way the starters do. Node only;
// no test runner assumed (checks throw node:assert errors, which every runner reports).
export { buildAndCopy, type BuildAndCopyOptions } from "./output.ts";
export { startBuilt, startDev, startPreview, type BuiltServer, type StartOptions } from "./cli.ts";
export { freePort, startServer, waitFor, waitForHttp, type Fetch, type RunningServer, type StartServerOptions } from "./server.ts";
export { platformsToTest, type PlatformToTest } from "./platforms.ts";
export { checkSpaBuild, type CheckSpaBuildOptions } from "./spa.ts";
export { chromiumLaunchOptions, missingChromium, watchPage, type WatchablePage } from "./browser.ts";
