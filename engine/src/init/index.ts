import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "pathe";
import { createError, didYouMean } from "../build/errors.ts";
import { logger, step } from "../build/logger.ts";
import { copyStarter } from "./copy.ts";
import { standalonePackageJson, packageNameFor } from "./package-json.ts";
import { packPackages } from "./pack.ts";
import { findRepository, packagesNeeded, readPackageJson } from "./repository.ts";

export interface InitOptions {
  /** The new app folder: absent or empty. */
  dir: string;
  starter: string;
  /** More platforms than the starter lists (`bun`, `deno`), packed and added as dependencies. */
  platforms?: string[];
}

/**
 * `edgeplate init`: a standalone copy of a starter that installs the engine and its platforms from
 * tarballs in its own `vendor/` (until the packages are on a registry), so it installs, tests and
 * builds outside this repository.
 */
export async function initStarter(options: InitOptions): Promise<void> {
  const repo = findRepository();
  const starterDir = repo.starters.get(options.starter);
  if (!starterDir) {
    const known = [...repo.starters.keys()].sort();
    throw createError("init", `unknown starter \`${options.starter}\`.${didYouMean(options.starter, known)} Known starters: ${known.join(", ")}.`);
  }
  const dir = resolve(options.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw createError("init", `\`${dir}\` exists and is not empty. Name a new folder, or empty this one first.`);
  }
  const extra = (options.platforms ?? []).map((name) => platformPackage(repo.packages, name));
  logger.start(`Copying starter \`${options.starter}\` to ${dir}`);
  const files = await step("Copied the starter's files", () => copyStarter(repo.root, starterDir, dir));
  logger.info(`${files} files`);
  const pkg = readPackageJson(join(starterDir, "package.json"))!;
  const needed = packagesNeeded(repo, pkg, extra);
  logger.start(`Packing ${needed.join(", ")} into vendor/ (each package builds first; this takes a while)`);
  const tarballs = await step("Packed", () => packPackages(repo, needed, join(dir, "vendor")));
  // The extra platforms are among the tarballs, so they become dependencies like any other.
  const copy = standalonePackageJson(pkg, packageNameFor(basename(dir)), tarballs);
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(copy, null, 2)}\n`);
  const cd = relative(process.cwd(), dir) || ".";
  logger.success(`Wrote ${dir}. Next: \`cd ${cd} && npm install && npm test\`.`);
}

function platformPackage(packages: Map<string, string>, platform: string): string {
  const name = `@edgeplate/platform-${platform}`;
  if (packages.has(name)) return name;
  const known = [...packages.keys()].filter((p) => p.startsWith("@edgeplate/platform-")).map((p) => p.slice("@edgeplate/platform-".length));
  throw createError("init", `unknown platform \`${platform}\`.${didYouMean(platform, known)} Known platforms: ${known.sort().join(", ")}.`);
}
