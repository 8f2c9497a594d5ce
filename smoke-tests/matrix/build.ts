// A cell's build: the starter's own `edgeplate build`, the size of the server JS it produced, and a
// copy of the output in an empty folder for the host cell to start.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { OUTPUT_PARTS } from "./platforms.ts";

const exec = promisify(execFile);

/** `node <the starter's edgeplate>/bin/edgeplate.mjs build --platform <p>` in the starter's folder. */
export async function buildStarter(dir: string, platform: string, env: Record<string, string> = {}): Promise<void> {
  const cli = join(dirname(createRequire(join(dir, "package.json")).resolve("edgeplate/package.json")), "bin/edgeplate.mjs");
  try {
    await exec(process.execPath, [cli, "build", "--platform", platform], { cwd: dir, env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024, timeout: 300_000 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    // The CLI's error is its last `[edgeplate]` line (one line: what, where, how to fix).
    const lines = `${stdout}\n${stderr}`
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const why = lines.findLast((l) => l.startsWith("[edgeplate]")) ?? lines.at(-1) ?? (error as Error).message.split("\n")[0];
    throw new Error(`edgeplate build --platform ${platform} failed in ${dir}: ${why}`);
  }
}

/** Gzip bytes of every JS module under `dir` (each file compressed alone, node_modules included), in KB. */
export function serverGzipKB(dir: string): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.[mc]?js$/.test(name)) bytes += gzipSync(readFileSync(path)).length;
    }
  };
  walk(dir);
  return Math.round((bytes / 1024) * 10) / 10;
}

/** Copies what the platform's build wrote (`.output/`, `.netlify/`, `.vercel/`, `dist/`, host configs) to a new temp folder. */
export function copyOutput(dir: string, platform: string): string {
  const out = mkdtempSync(join(tmpdir(), `edgeplate-matrix-${platform}-`));
  for (const part of OUTPUT_PARTS[platform] ?? [".output"]) {
    if (existsSync(join(dir, part))) cpSync(join(dir, part), join(out, part), { recursive: true, verbatimSymlinks: true });
  }
  return out;
}
