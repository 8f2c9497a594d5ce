// Plain JS so that c12 (and any other loader) can import it without a TypeScript step.
/** @type {import("./src/config.ts").defineConfig} */
export const defineConfig = (config) => config;
