import { readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { build as esbuild } from "esbuild";
import { expect, it } from "vitest";
import { loadOptions } from "../src/build/options.ts";
import { declaredRange, packageLookup, type PackageInfo } from "../src/build/packages.ts";
import { packageName } from "../src/build/resolve.ts";
import { scanApp } from "../src/build/scan.ts";
import { virtualModules } from "../src/build/virtual/index.ts";

// Every package a package imports at run time must be one it declares (dependency, optional or
// peer), or an install that does not hoist the way this workspace does cannot build it. Checked
// statically, from the sources: the engine's runtime, each platform's runtime, the `#edgeplate/*`
// modules the engine generates with each platform's defaults, and the driver modules they import.

const repo = join(import.meta.dirname, "../..");
const fixture = join(import.meta.dirname, "fixtures/core");
const lookup = packageLookup();
const platforms = readdirSync(join(repo, "platforms")).sort();
const STDIN = "<stdin>";

interface Import {
  /** The importing file, relative to the repository, or `<stdin>` for generated code. */
  file: string;
  specifier: string;
}

/**
 * The imports of `code` and of everything it imports, up to the first bare import of any file
 * other than `code` itself: the packages `code` names are followed one level (a driver module
 * into its own files), what those files import is recorded, not followed. Type-only imports
 * vanish as they do in a build.
 */
async function importsOf(code: string): Promise<Import[]> {
  const { metafile } = await esbuild({
    stdin: { contents: code, resolveDir: repo, loader: "js" },
    absWorkingDir: repo,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    logLevel: "silent",
    plugins: [
      {
        name: "record-bare-imports",
        setup: (build) => build.onResolve({ filter: /^[^./]/ }, (args) => (args.importer === STDIN ? undefined : { path: args.path, external: true })),
      },
    ],
  });
  // Bare imports are external everywhere but in `code`, whose own are followed (its `original` is the specifier).
  return Object.entries(metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => file === STDIN || i.external).map((i) => ({ file, specifier: (file === STDIN && i.original) || i.path })),
  );
}

const importAll = (files: string[]) => files.map((f) => `import ${JSON.stringify(f)};`).join("\n");

function sources(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => join(dir, f));
}

const isOurs = (pkg: PackageInfo) => pkg.name === "edgeplate" || pkg.name.startsWith("@edgeplate/platform-");
const isPackage = (specifier: string) => !/^[./#]/.test(specifier) && !specifier.includes(":") && !builtinModules.includes(packageName(specifier));

/**
 * The imports no one declares. A file of ours (engine, platform) needs its own package to declare
 * the import; generated code, the engine; a dependency's file (a driver), either that dependency
 * (its own dependencies) or the package of ours that declares the dependency (a driver's client,
 * which unstorage and db0 leave to their user).
 */
function undeclared(imports: Import[]): string[] {
  const engine = lookup.read(join(repo, "engine"))!;
  return imports.flatMap(({ file, specifier }) => {
    const name = packageName(specifier);
    // The app's own files (the fixture's routes, which generated code imports) are the app's business.
    if (!isPackage(specifier) || file.startsWith(`${relative(repo, fixture)}/`)) return [];
    if (file === STDIN) return declaredRange(engine, name) ? [] : [`generated code imports \`${specifier}\`, not declared by \`edgeplate\``];
    const pkg = lookup.read(lookup.rootOf(join(repo, file)))!;
    if (name === pkg.name) return [];
    if (isOurs(pkg)) return declaredRange(pkg, name) ? [] : [`${file} imports \`${specifier}\`, not declared by \`${pkg.name}\``];
    if (name in pkg.dependencies || name in pkg.optionalDependencies) return [];
    const ours = [engine, ...platforms.map((p) => lookup.read(join(repo, "platforms", p))!)].filter((o) => declaredRange(o, pkg.name));
    return ours.some((o) => declaredRange(o, name))
      ? []
      : [`${file} imports \`${specifier}\`, declared by neither \`${pkg.name}\` nor ${ours.map((o) => `\`${o.name}\``).join(", ")}`];
  });
}

/** The `#edgeplate/*` modules the runtime imports, generated for the fixture app on one platform. */
async function generatedModules(platform: string, names: string[]): Promise<string[]> {
  // A proxy and a cache rule, so the route-rules module imports every rule handler it can.
  const routeRules = { "/proxy/**": { proxy: "http://127.0.0.1:1/**" }, "/cached": { cache: { maxAge: 1 } } };
  const options = await loadOptions({ rootDir: fixture, overrides: { platform, routeRules } });
  const ctx = { options, app: await scanApp(fixture), publicFiles: [] };
  const plugin = virtualModules(() => ctx);
  const load = plugin.load as (id: string) => Promise<string>;
  return Promise.all(names.map((name) => load.call({}, `\0${name}`)));
}

it("declares every package the engine's and the platforms' runtime code imports", async () => {
  const runtime = await importsOf(importAll(sources(join(repo, "engine/src/runtime"))));
  // Not from the generated-modules plugin: the build hash (build-hash.ts) and the dev entry's bridge (dev-externals.ts).
  const generated = [...new Set(runtime.map((i) => i.specifier).filter((s) => s.startsWith("#edgeplate/") && s !== "#edgeplate/build-hash" && s !== "#edgeplate/dev-bridge"))];
  expect(generated).toContain("#edgeplate/storage");
  const problems = undeclared(runtime);
  for (const platform of platforms) {
    problems.push(...undeclared(await importsOf(importAll(sources(join(repo, "platforms", platform, "runtime"))))));
    for (const code of await generatedModules(platform, generated)) problems.push(...undeclared(await importsOf(code)));
  }
  expect([...new Set(problems)].sort()).toEqual([]);
});

it("sees the driver modules the defaults generate and what they import", async () => {
  // Guards the check above against passing because it looked at nothing.
  const [storage, database] = await generatedModules("node-server", ["#edgeplate/storage", "#edgeplate/database"]);
  const imports = [...(await importsOf(storage!)), ...(await importsOf(database!))];
  const specifiers = imports.map((i) => `${relative(repo, join(repo, i.file)).includes("node_modules/db0") ? "db0 → " : ""}${i.specifier}`);
  expect(specifiers).toEqual(expect.arrayContaining(["unstorage/drivers/lru-cache", "db0/connectors/better-sqlite3", "db0 → better-sqlite3"]));
});
