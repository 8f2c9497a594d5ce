import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "pathe";
import { globSync } from "tinyglobby";
import { createError } from "../build/errors.ts";
import { engineDir } from "../build/paths.ts";

export interface PackageJson {
  name: string;
  version?: string;
  private?: boolean;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

export interface Repository {
  root: string;
  /** Starter name → its folder (`starters/<name>/`). */
  starters: Map<string, string>;
  /** Publishable workspace package name → its folder (the engine and the platforms). */
  packages: Map<string, string>;
}

/**
 * The checkout this engine runs from: init packs the engine and platforms from their sources, so
 * an installed `edgeplate` (in some app's node_modules) cannot make a copy.
 */
export function findRepository(): Repository {
  const root = dirname(engineDir);
  const pkg = readPackageJson(join(root, "package.json"));
  if (!pkg?.workspaces || !existsSync(join(root, "starters")) || !existsSync(join(root, ".git"))) {
    throw createError(
      "init",
      `this \`edgeplate\` is installed at \`${engineDir}\`, not in a git checkout of the Edgeplate repository. Clone the repository, run \`npm ci\` there and run \`npx edgeplate init\` from it.`,
    );
  }
  const starters = new Map(globSync("starters/*/package.json", { cwd: root }).map((file) => [basename(dirname(file)), join(root, dirname(file))]));
  const packages = new Map<string, string>();
  // Derived from the workspaces, so a new platform folder is packable without a list to update.
  for (const dir of globSync(pkg.workspaces, { cwd: root, onlyDirectories: true })) {
    const workspace = readPackageJson(join(root, dir, "package.json"));
    if (workspace && !workspace.private) packages.set(workspace.name, join(root, dir));
  }
  return { root, starters, packages };
}

/** The starters' names for `--help`, or none when this engine is not in a checkout. */
export function listStarters(): string[] {
  try {
    return [...findRepository().starters.keys()].sort();
  } catch {
    return [];
  }
}

export function readPackageJson(file: string): PackageJson | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PackageJson) : undefined;
}

/**
 * The repository's packages a starter needs: the ones it lists, and theirs in turn
 * (`@edgeplate/platform-node-cluster` builds on `-node-server`; every platform peers on `edgeplate`).
 */
export function packagesNeeded(repo: Repository, pkg: PackageJson, extra: string[] = []): string[] {
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name) || !repo.packages.has(name)) return;
    needed.add(name);
    const dep = readPackageJson(join(repo.packages.get(name)!, "package.json"))!;
    for (const next of Object.keys({ ...dep.dependencies, ...dep.peerDependencies })) visit(next);
  };
  for (const name of [...Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }), ...extra]) visit(name);
  return [...needed].sort();
}
