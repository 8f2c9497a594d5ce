import { createJiti } from "jiti";

const mod = await createJiti(import.meta.url).import("./src/build/index.ts");
export const {
  build,
  createDevServer,
  loadOptions,
  preview,
  spawnPreview,
  createFunctionHost,
  serveFunctionHost,
  createError,
  EdgeplateError,
  findBinary,
  OTHER_METHODS,
  hostRedirects,
  pathsWithOtherMethods,
  staticHeaders,
  writeHeadersAndRedirects,
} = mod;
