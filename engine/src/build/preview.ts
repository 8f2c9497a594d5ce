import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { join, resolve } from "pathe";
import { createError } from "./errors.ts";
import { loadOptions } from "./options.ts";

/** `edgeplate preview`: runs the last build the way its host would, as recorded in `edgeplate.json`. */
export async function preview(rootDir = "."): Promise<void> {
  const root = resolve(rootDir);
  const initial = await loadOptions({ rootDir: root });
  const manifestFile = join(initial.output.dir, "edgeplate.json");
  if (!existsSync(manifestFile)) {
    throw createError("preview", `no build found at \`${manifestFile}\`. Run \`edgeplate build\` first.`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { platform: string };
  // Reload for the built platform: its output layout (Netlify's `.netlify/`, Vercel's `.vercel/`) differs.
  const options = manifest.platform === initial.preset.name ? initial : await loadOptions({ rootDir: root, overrides: { platform: manifest.platform } });
  if (!options.preset.preview) {
    throw createError("preview", `platform \`${manifest.platform}\` has no local preview. Deploy it with \`${options.preset.commands?.deploy ?? "its host's CLI"}\`.`);
  }
  await options.preset.preview({ options, publicFiles: [] });
}

/**
 * Runs a preview's server as a child process until it exits; `edgeplate preview` then exits with
 * its code. Stopping the preview stops the server too, or a process manager would leave it orphaned
 * on its port.
 */
export function spawnPreview(command: string, args: string[], opts: { cwd: string }): Promise<void> {
  const child = spawn(command, args, { stdio: "inherit", cwd: opts.cwd });
  // Forwarded as SIGTERM: a terminal's Ctrl+C has already sent the server its own SIGINT, and a
  // second SIGINT would mean "stop now" to a Node server instead of a graceful stop.
  const stop = () => void child.kill("SIGTERM");
  const signals = ["SIGINT", "SIGTERM"] as const;
  for (const signal of signals) process.on(signal, stop);
  const done = () => signals.forEach((signal) => process.off(signal, stop));
  return new Promise((resolve, reject) => {
    child.on("error", (error) => (done(), reject(error)));
    child.on("exit", (code, signal) => {
      done();
      // The shell's convention for a process killed by a signal: 128 + its number.
      process.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
      resolve();
    });
  });
}
