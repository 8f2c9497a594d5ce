import { realpathSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { isAbsolute, join } from "pathe";
import type { Plugin, PluginContext, ResolvedId } from "rollup";
import type { ResolvedOptions } from "../types/config.ts";
import { describeDriverFile } from "./drivers.ts";
import { createError } from "./errors.ts";
import { declaredRange, findInstalled, isOptionalFor, listsPackage, packageLookup, type PackageInfo } from "./packages.ts";
import { packageName } from "./resolve.ts";

const BUILTINS = new Set(builtinModules);

// Loaded on the first version check: semver is 47 CommonJS files, which every dev server start paid before.
let semverModule: typeof import("semver") | undefined;
const semver = () => (semverModule ??= createRequire(import.meta.url)("semver") as typeof import("semver"));

type ResolveOptions = Parameters<PluginContext["resolve"]>[2];

/** Which install a bare import must come from, and the range it must satisfy there. */
interface Rule {
  /** The Edgeplate package (engine or platform) whose declared dependency this is. */
  owner: PackageInfo;
  range?: string;
  /**
   * Set when a dependency of ours imports what it leaves to its user, a peer or a package it does
   * not declare at all (db0's connectors import `better-sqlite3`, `pg`, … that way).
   */
  peerOf?: { pkg: PackageInfo; file: string };
}

/**
 * Resolves the packages Edgeplate's own code imports from Edgeplate's own install, so what ends up
 * in the bundle is the version the engine (or platform) declares, not whatever copy happens to sit
 * in the app's node_modules (another major that arrived with nitro, say):
 *
 * - imports by the engine's runtime, the generated `#edgeplate/*` modules and the app's own files
 *   of a package the engine declares → the engine's install; a platform's runtime imports → the
 *   platform's install;
 * - a peer of an engine dependency, or an import it does not declare (ioredis for unstorage's
 *   redis driver, better-sqlite3 for db0's connector) → the engine's install, else the importer's
 *   own lookup, else a one-line "install X" error;
 * - except a package the app's package.json lists: then the app's copy, so there is one copy in
 *   the bundle, and a version outside the declared range is a one-line build error.
 *
 * Everything else (packages nobody here declares) resolves normally from its importer. Packages
 * the platform traces (`traceDeps`) stay external; where each resolved goes into `traced`.
 *
 * A `require()` of a package its importer runs without (an optional dependency, or a peer marked
 * optional, as `pg` marks `pg-native`) that is not installed becomes a module that fails when it
 * loads, as Node's `require` would at run time: `pg` requires `pg-native` only for `pg.native`,
 * inside a try, so the build must not fail over it. A static `import` of one still fails the build
 * (unstorage's drivers import their clients, optional peers of unstorage, that way).
 */
export function resolveDependencies(options: ResolvedOptions, traced: Map<string, string>): Plugin {
  const lookup = packageLookup();
  const appDir = realpathSync(options.rootDir);
  const app = lookup.read(appDir);
  const engine = lookup.read(lookup.rootOf(fileURLToPath(import.meta.url)))!;
  const platform = lookup.read(lookup.rootOf(options.preset.entry));
  const owners = [engine, ...(platform && isEdgeplatePackage(platform) ? [platform] : [])];
  const traceDeps = new Set(options.preset.traceDeps ?? []);

  // Other plugins' wrappers (`\0<file>?commonjs-…`) stand for the file they wrap.
  const fileOf = (importer: string) => importer.replace(/^\0/, "").split("?")[0]!;

  function ruleFor(importer: string, name: string): Rule | undefined {
    if (importer.startsWith("\0#edgeplate/")) return ownRule(engine, name);
    const file = fileOf(importer);
    if (!isAbsolute(file)) return undefined;
    const rel = file.startsWith(`${appDir}/`) ? file.slice(appDir.length) : undefined;
    if (rel !== undefined && !rel.includes("/node_modules/")) return ownRule(engine, name);
    const pkg = lookup.read(lookup.rootOf(file));
    if (!pkg) return undefined;
    if (isEdgeplatePackage(pkg)) return ownRule(pkg, name);
    if (name === pkg.name || name in pkg.dependencies || name in pkg.optionalDependencies) return undefined;
    const owner = owners.find((o) => declaredRange(o, pkg.name));
    return owner && { owner, range: declaredRange(owner, name), peerOf: { pkg, file } };
  }

  async function resolveByRule(ctx: PluginContext, id: string, importer: string, rule: Rule, hook: ResolveOptions): Promise<ResolvedId | string | null> {
    const name = packageName(id);
    // node-resolve looks up from the importer's folder: a stand-in importer in the chosen install.
    const from = (dir: string) => ctx.resolve(id, join(dir, "_importer.js"), { ...hook, skipSelf: true });
    const appCopy = listsPackage(app, name) ? findInstalled(name, appDir) : undefined;
    if (appCopy) {
      assertInRange(name, lookup.read(appCopy)?.version, rule);
      return from(appDir);
    }
    if (findInstalled(name, rule.owner.dir)) return from(rule.owner.dir);
    if (!rule.peerOf) return null;
    const own = await ctx.resolve(id, importer, { ...hook, skipSelf: true });
    if (own) return own;
    if (isRequire(hook) && isOptionalFor(rule.peerOf.pkg, name)) return missingModule(id);
    const use = describeDriverFile(rule.peerOf.pkg.name, rule.peerOf.file) ?? `\`${rule.peerOf.pkg.name}\``;
    throw createError("bundle", `\`${name}\` is not installed. Run \`npm install ${name}\` in the app to use the ${use}.`);
  }

  /** An optional package of the importer's that is not installed: the failing stand-in; else `null`. */
  async function missingOptional(ctx: PluginContext, id: string, importer: string, hook: ResolveOptions): Promise<ResolvedId | string | null> {
    const file = fileOf(importer);
    const pkg = isAbsolute(file) ? lookup.read(lookup.rootOf(file)) : undefined;
    if (!isRequire(hook) || !pkg || !isOptionalFor(pkg, packageName(id))) return null;
    return (await ctx.resolve(id, importer, { ...hook, skipSelf: true })) ?? missingModule(id);
  }

  return {
    name: "edgeplate:resolve-dependencies",
    async resolveId(id, importer, hook) {
      if (!importer || !isBare(id)) return null;
      const name = packageName(id);
      const rule = ruleFor(importer, name);
      let resolved = rule ? await resolveByRule(this, id, importer, rule, hook) : null;
      if (typeof resolved === "string" || !traceDeps.has(name)) return resolved ?? missingOptional(this, id, importer, hook);
      resolved ??= await this.resolve(id, importer, { ...hook, skipSelf: true });
      if (!resolved) throw createError("bundle", `\`${id}\` is imported by the server but not installed. Run \`npm install ${name}\` in the app.`);
      // Copied next to the bundle after the build (native addons cannot be bundled); trace.ts starts there.
      // commonjs wraps a CommonJS package imported from ESM as `\0<file>?commonjs-es-import`.
      traced.set(id, fileOf(resolved.id));
      return { id, external: true };
    },
    load(id) {
      if (!id.startsWith(MISSING)) return null;
      const message = `Cannot find module '${id.slice(MISSING.length, -".cjs".length)}' (optional, and not installed when the server was built)`;
      // CommonJS, so that a `require()` inside a try (or a getter) loads it only when reached, and
      // with Node's error code, which packages check to tell "not installed" from a failure.
      return `module.exports = {};\nconst error = new Error(${JSON.stringify(message)});\nerror.code = "MODULE_NOT_FOUND";\nthrow error;\n`;
    },
  };
}

/** `require()` calls reach resolveId through the commonjs plugin, which marks them this way. */
function isRequire(hook: ResolveOptions): boolean {
  return (hook?.custom?.["node-resolve"] as { isRequire?: boolean } | undefined)?.isRequire === true;
}

const MISSING = "\0edgeplate:missing-optional:";

/** `.cjs`: the one extension the commonjs plugin transforms in a virtual (`\0`) module. */
function missingModule(id: string): string {
  return `${MISSING}${id}.cjs`;
}

function ownRule(owner: PackageInfo, name: string): Rule | undefined {
  const range = name === owner.name ? undefined : declaredRange(owner, name);
  return range ? { owner, range } : undefined;
}

function assertInRange(name: string, version: string | undefined, { owner, range }: Rule): void {
  if (!version || !range || !semver().validRange(range) || semver().satisfies(version, range, { includePrerelease: true })) return;
  throw createError(
    "bundle",
    `the app's \`${name}@${version}\` clashes with \`${owner.name}\`, which needs \`${name}@${range}\`. Install a version in that range (\`npm install ${name}@"${range}"\`) or remove \`${name}\` from the app's package.json.`,
  );
}

function isEdgeplatePackage(pkg: PackageInfo): boolean {
  return pkg.name === "edgeplate" || pkg.name.startsWith("@edgeplate/platform-");
}

/** A package specifier: not relative, absolute, virtual, a subpath import (`#x`) or a Node built-in. */
function isBare(id: string): boolean {
  return !/^[./\0#]/.test(id) && !id.includes(":") && !BUILTINS.has(packageName(id));
}
