import type { build as buildApp } from "./build.ts";
export type { BuildResult } from "./build.ts";

/**
 * `build.ts` (with the route types' compiler and the dependency tracer) loads on the first build:
 * platform presets import this module for their helpers, so every dev server start loaded it too.
 */
export const build: typeof buildApp = async (...args) => (await import("./build.ts")).build(...args);
export { createDevController, createDevServer, type DevController } from "./dev.ts";
export { loadOptions } from "./options.ts";
export { preview, spawnPreview } from "./preview.ts";
export { createFunctionHost, serveFunctionHost, type FunctionHostOptions } from "./function-host.ts";
export { EdgeplateError, createError } from "./errors.ts";
export { findBinary } from "./find-binary.ts";
export { OTHER_METHODS, hostPath, hostRedirects, pathsWithOtherMethods, staticHeaders, writeHeadersAndRedirects, type HostRedirect, type StaticHeaders } from "./host-rules.ts";
export type { EdgeplateConfig, PlatformPreset, PlatformBuildContext, ResolvedOptions } from "../types/config.ts";
export { scheduleOf, TASKS_PATH } from "./tasks.ts";
export { logger } from "./logger.ts";
