import { createJiti } from "jiti";

const mod = await createJiti(import.meta.url).import("./src/build/index.ts");
export const {
  build,
  createDevServer,
  loadOptions,
  preview,
  createFunctionHost,
  serveFunctionHost,
  createError,
  EdgeplateError,
  findBinary,
  hostRedirects,
  pathsWithOtherMethods,
  staticHeaders,
  writeHeadersAndRedirects,
} = mod;
