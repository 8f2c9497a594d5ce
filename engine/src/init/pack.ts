import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { promisify } from "node:util";
import { relative } from "pathe";
import { createError } from "../build/errors.ts";
import type { Repository } from "./repository.ts";

/**
 * `npm pack` for the given workspace packages into `vendorDir`, in one npm run. Each package's
 * `prepack` builds its dist/ first, so a tarball holds what the sources say now.
 * @returns package name → tarball file name.
 */
export async function packPackages(repo: Repository, names: string[], vendorDir: string): Promise<Map<string, string>> {
  mkdirSync(vendorDir, { recursive: true });
  const workspaces = names.flatMap((name) => ["--workspace", relative(repo.root, repo.packages.get(name)!)]);
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)("npm", ["pack", "--json", "--pack-destination", vendorDir, ...workspaces], { cwd: repo.root, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const { stderr = "", message } = error as { stderr?: string; message: string };
    const reason = stderr.split("\n").find((line) => /npm error|error/i.test(line)) ?? message.split("\n")[0] ?? message;
    throw createError("init", `\`npm pack\` failed in \`${repo.root}\`: ${reason.trim()}. Run \`npm ci\` there first (packing builds each package with its dev dependencies).`);
  }
  const packed = JSON.parse(stdout) as { name: string; filename: string }[];
  return new Map(packed.map((p) => [p.name, p.filename]));
}
