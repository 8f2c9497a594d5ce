export { useRuntimeConfig } from "./runtime-config.ts";
