import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, normalize } from "pathe";
import { serve } from "srvx/node";
import { typeFor } from "./public.ts";

export interface FunctionHostOptions {
  /** The host's static folder (Netlify's `dist/`, Vercel's `static/`), served before the function. */
  staticDir: string;
  /** The deployed function's handler, called with a web `Request` like the host calls it. */
  handler: (request: Request) => Response | Promise<Response>;
}

/**
 * What a serverless host's edge does in front of a function, for preview and tests: a file of the
 * static folder when one matches (`/about` → `about/index.html`), the function otherwise.
 */
export function createFunctionHost({ staticDir, handler }: FunctionHostOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = request.method === "GET" || request.method === "HEAD" ? findStatic(staticDir, new URL(request.url).pathname) : undefined;
    if (!file) return handler(request);
    const body = request.method === "HEAD" ? null : await readFile(file);
    return new Response(body, { headers: { "content-type": typeFor(file) ?? "application/octet-stream" } });
  };
}

/** `edgeplate preview` for such hosts: the function host on PORT/HOST (default 3000, all interfaces). */
export async function serveFunctionHost(options: FunctionHostOptions): Promise<void> {
  const server = serve({ fetch: createFunctionHost(options), port: process.env.PORT || 3000, hostname: process.env.HOST || undefined });
  await server.ready();
}

function findStatic(staticDir: string, pathname: string): string | undefined {
  let path: string;
  try {
    path = normalize(decodeURIComponent(pathname));
  } catch {
    return undefined;
  }
  // `_headers` / `_redirects` configure the host; they are never served.
  if (path.includes("..") || /^\/_(headers|redirects)$/.test(path)) return undefined;
  for (const candidate of [path, join(path, "index.html"), `${path}.html`]) {
    const file = join(staticDir, candidate);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}
