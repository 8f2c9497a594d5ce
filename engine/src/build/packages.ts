import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "pathe";

/** The parts of a package.json that decide where its imports come from. */
export interface PackageInfo {
  dir: string;
  name: string;
  version?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** Peers marked `optional` in `peerDependenciesMeta`: the package runs without them. */
  optionalPeers: string[];
}

export interface PackageLookup {
  /** `<dir>/package.json`; `undefined` when there is none or it has no name. */
  read: (dir: string | undefined) => PackageInfo | undefined;
  /**
   * The folder of the package a file belongs to: the nearest one above it whose package.json has a
   * name (nameless ones such as `dist/package.json` with only `"type"` mark a folder, not a package).
   */
  rootOf: (file: string) => string | undefined;
}

/** Reads each package.json once; one lookup per build, so dev picks up an edited package.json. */
export function packageLookup(): PackageLookup {
  const packages = new Map<string, PackageInfo | undefined>();
  const roots = new Map<string, string | undefined>();
  const read = (dir: string | undefined) => {
    if (!dir) return undefined;
    if (!packages.has(dir)) packages.set(dir, parsePackage(dir));
    return packages.get(dir);
  };
  const findRoot = (start: string): string | undefined => {
    for (let dir = start; ; dir = dirname(dir)) {
      if (read(dir)) return dir;
      if (dirname(dir) === dir) return undefined;
    }
  };
  const rootOf = (file: string) => {
    const start = dirname(file);
    if (!roots.has(start)) roots.set(start, findRoot(start));
    return roots.get(start);
  };
  return { read, rootOf };
}

function parsePackage(dir: string): PackageInfo | undefined {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, "utf8")) as Partial<PackageInfo> & { peerDependenciesMeta?: Record<string, { optional?: boolean }> };
  if (!json.name) return undefined;
  return {
    dir,
    name: json.name,
    version: json.version,
    dependencies: json.dependencies ?? {},
    devDependencies: json.devDependencies ?? {},
    optionalDependencies: json.optionalDependencies ?? {},
    peerDependencies: json.peerDependencies ?? {},
    optionalPeers: Object.entries(json.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta?.optional === true)
      .map(([name]) => name),
  };
}

/** The ranges a package declares for what it imports: dependencies, optional ones and peers. */
export function declaredRange(pkg: PackageInfo, name: string): string | undefined {
  return pkg.dependencies[name] ?? pkg.optionalDependencies[name] ?? pkg.peerDependencies[name];
}

/** Whether `pkg` runs without `name`: an optional dependency or a peer marked optional. */
export function isOptionalFor(pkg: PackageInfo, name: string): boolean {
  return name in pkg.optionalDependencies || pkg.optionalPeers.includes(name);
}

/** Whether the app's own package.json names the package, in any of its dependency fields. */
export function listsPackage(pkg: PackageInfo | undefined, name: string): boolean {
  return !!pkg && (name in pkg.dependencies || name in pkg.devDependencies || name in pkg.optionalDependencies || name in pkg.peerDependencies);
}

/**
 * Where Node would find package `name` from `fromDir` (each `node_modules` up the tree), as a real
 * path, so a linked or pnpm-style install reports the folder its files actually live in.
 */
export function findInstalled(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}
