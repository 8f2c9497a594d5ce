export { build, type BuildResult } from "./build.ts";
export { createDevController, createDevServer, type DevController } from "./dev.ts";
export { loadOptions } from "./options.ts";
export { preview, spawnPreview } from "./preview.ts";
export { createFunctionHost, serveFunctionHost, type FunctionHostOptions } from "./function-host.ts";
export { EdgeplateError, createError } from "./errors.ts";
export { findBinary } from "./find-binary.ts";
export { OTHER_METHODS, hostRedirects, pathsWithOtherMethods, staticHeaders, writeHeadersAndRedirects, type HostRedirect, type StaticHeaders } from "./host-rules.ts";
export type { EdgeplateConfig, PlatformPreset, PlatformBuildContext, ResolvedOptions } from "../types/config.ts";
