import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "pathe";
import { createError } from "../build/errors.ts";

/**
 * Copies the starter's files that git would commit: tracked and new ones, nothing its ignore
 * rules leave out (node_modules, .output, .data, .edgeplate, test-results, host outputs). The
 * ignore files say what a build leaves behind, so there is no second list here to keep in step.
 * @returns how many files were copied.
 */
export function copyStarter(repoRoot: string, starterDir: string, into: string): number {
  // A tracked file deleted in the working tree is not part of the starter any more.
  const files = listFiles(repoRoot, relative(repoRoot, starterDir)).filter((file) => existsSync(join(repoRoot, file)));
  for (const file of files) {
    const to = join(into, relative(starterDir, join(repoRoot, file)));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(repoRoot, file), to);
  }
  return files.length;
}

function listFiles(repoRoot: string, dir: string): string[] {
  try {
    const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", dir], { cwd: repoRoot, encoding: "utf8" });
    return out.split("\0").filter(Boolean);
  } catch (error) {
    throw createError(
      "init",
      `could not list the starter's files with \`git ls-files\` in \`${repoRoot}\` (${(error as Error).message.split("\n")[0]}). Run init from a git checkout with git installed.`,
    );
  }
}
