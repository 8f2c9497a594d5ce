/**
 * `.edgeplate/tsconfig.json`, which the app's `tsconfig.json` extends: strict options for a
 * bundled app, and every TypeScript file of the app plus the generated route types. Paths in an
 * extended config are relative to it, hence `../`.
 */
export function appTsconfig(): string {
  const config = {
    compilerOptions: {
      target: "es2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["es2023", "dom", "dom.iterable"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      isolatedModules: true,
      verbatimModuleSyntax: false,
      allowImportingTsExtensions: true,
      resolveJsonModule: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      jsx: "react-jsx",
    },
    include: ["../**/*", "./types/**/*.d.ts"],
    exclude: ["../node_modules", "../.output", "../dist", "../.edgeplate/dev", "../.netlify", "../.vercel", "../.wrangler"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
