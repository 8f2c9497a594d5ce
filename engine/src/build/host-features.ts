import type { ResolvedOptions } from "../types/config.ts";
import type { ScannedApp } from "./scan.ts";
import { checkScheduleSupport } from "./tasks.ts";

/** Fails the build, with one line, when the app uses what its host cannot do (scheduled tasks, WebSockets). */
export function checkHostFeatures(options: ResolvedOptions, app: ScannedApp): void {
  checkScheduleSupport(options, app);
}
