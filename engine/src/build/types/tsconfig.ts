/**
 * `.edgeplate/tsconfig.json`, which the app's `tsconfig.json` extends: the compiler options of
 * `edgeplate/tsconfig` (one set of options for every Edgeplate app), every TypeScript file of the
 * app, and the generated route types. Paths in an extended config are relative to it, hence `../`.
 */
export function appTsconfig(): string {
  const config = {
    extends: "edgeplate/tsconfig",
    include: ["../**/*", "./types/**/*.d.ts"],
    exclude: ["../node_modules", "../.output", "../dist", "../.edgeplate/dev", "../.netlify", "../.vercel", "../.wrangler"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
