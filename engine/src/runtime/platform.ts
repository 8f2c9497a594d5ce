// What platform runtime entries use to adapt a host to the app. Not for app code.
export { useApp, setPublicAssetReader } from "./internal/app.ts";
export { handleShutdownSignals, trackInflight, type ShutdownHost } from "./internal/shutdown.ts";
export { toHostResponse } from "./internal/host-response.ts";
export { drainRefusedBodies } from "./internal/drain.ts";
export { setRuntimeEnv } from "./config/env.ts";
export { setWaitUntil } from "./cache/keep-alive.ts";
export { routedPublicPaths } from "#edgeplate/public-assets";
export type { EdgeplateApp } from "./internal/types.ts";
export { runScheduledTasks } from "./task/scheduled.ts";
export { websocketPlugins } from "#edgeplate/websocket";
// The compiled route table: hosts that answer only the app's routes (the service worker) ask it first.
export { findRoute as matchRoute } from "#edgeplate/routes";
