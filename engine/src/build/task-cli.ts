import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "pathe";
import { createError } from "./errors.ts";
import { loadOptions } from "./options.ts";
import { engineDir } from "./paths.ts";
import { freePort } from "../testing/server.ts";

const START_TIMEOUT_MS = 60_000;

/**
 * `edgeplate task list|run`: starts the last build with `edgeplate preview` on a free local port, with
 * a one-off task secret and the schedule off, asks its `/_tasks` route, and stops it. So a task runs
 * in the built app, on the host's runtime (workerd for Cloudflare, Bun, Deno), with its bindings.
 */
export async function callBuiltTasks(rootDir: string, name?: string, payload?: Record<string, unknown>): Promise<unknown> {
  const root = resolve(rootDir);
  const options = await loadOptions({ rootDir: root });
  const manifestFile = join(options.output.dir, "edgeplate.json");
  if (!existsSync(manifestFile)) {
    throw createError("task", `no build found in \`${options.output.dir}\`. Run \`edgeplate build\` first.`);
  }
  // No server to start: a files-only build (static), or an entry the browser runs (service-worker's sw.js in the public files).
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { platform: string; entry: string | null; publicDir: string };
  const publicDir = resolve(root, manifest.publicDir);
  if (!manifest.entry || resolve(root, manifest.entry).startsWith(`${publicDir}/`)) {
    throw createError(
      "task",
      `the \`${manifest.platform}\` build has no server to run tasks in (${manifest.entry ? "its app runs in the browser" : "it is files only"}). Build for a server platform (node-server, bun, deno, cloudflare, netlify, vercel) to use \`edgeplate task\`.`,
    );
  }
  const port = await freePort();
  const secret = randomBytes(24).toString("hex");
  const child = spawn(process.execPath, [join(engineDir, "bin/edgeplate.mjs"), "preview", root], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      EDGEPLATE_PORT: String(port),
      HOST: "127.0.0.1",
      EDGEPLATE_TASK_SECRET: secret,
      EDGEPLATE_SCHEDULED_TASKS: "false",
      EDGEPLATE_SILENT: "1",
    },
  });
  // The app's own logs (a task's `console.log`) go to stderr, so stdout holds only the result.
  child.stdout.pipe(process.stderr);
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(createError("task", `the preview of the build exited (code ${code}) before answering. Run \`edgeplate preview\` to see why.`))),
  );
  try {
    const url = `http://127.0.0.1:${port}/_tasks${name ? `/${encodeURIComponent(name)}` : ""}`;
    const init: RequestInit = { method: name ? "POST" : "GET", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" } };
    if (name) init.body = JSON.stringify(payload ?? {});
    const response = await Promise.race([exited, untilAnswered(url, init)]);
    const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
    if (response.status === 404 && !name) throw createError("task", "the build has no tasks. Add files to `tasks/` and build again.");
    if (!response.ok) throw createError("task", `task \`${name}\` failed (${response.status}): ${body?.message ?? response.statusText}`);
    return body;
  } finally {
    child.kill("SIGTERM");
  }
}

/** Polls until the server answers (the preview needs a moment to start); a refused connection is retried. */
async function untilAnswered(url: string, init: RequestInit): Promise<Response> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (Date.now() > deadline) throw createError("task", `the preview did not answer on \`${url}\` within ${START_TIMEOUT_MS / 1000}s: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
