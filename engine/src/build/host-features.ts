import type { ResolvedOptions } from "../types/config.ts";
import type { ScannedApp } from "./scan.ts";
import { checkScheduleSupport } from "./tasks.ts";
import { checkWebSocketSupport } from "./websocket.ts";

/** Fails the build, with one line, when the app uses what its host cannot do (scheduled tasks, WebSockets). */
export async function checkHostFeatures(options: ResolvedOptions, app: ScannedApp): Promise<void> {
  checkScheduleSupport(options, app);
  await checkWebSocketSupport(options, app);
}
