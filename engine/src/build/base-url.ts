import type { EdgeplateConfig } from "../types/config.ts";
import { createError } from "./errors.ts";

/**
 * The path the app is served under (Nitro's `baseURL`, also `app: { baseURL }`), as `/app/`: a
 * leading and a trailing slash. `EDGEPLATE_APP_BASE_URL` is the default when the config sets none,
 * read when the app is built, as Nitro reads `NITRO_APP_BASE_URL` (routes are compiled with it).
 */
export function resolveBaseURL(config: EdgeplateConfig, where: string): string {
  const value = config.baseURL ?? config.app?.baseURL ?? process.env.EDGEPLATE_APP_BASE_URL ?? "/";
  if (typeof value !== "string" || /[?#\s]/.test(value) || value.includes("//")) {
    throw createError("config", `\`baseURL\`${where} must be a path such as \`"/app/"\`, got \`${JSON.stringify(value)}\`.`);
  }
  const trimmed = value.replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

/** `path` (a route, a route rule pattern such as `GET /api/**`, a public URL) under `base`: `/api/x` → `/app/api/x`, `/` → `/app/`. */
export function withBaseURL(base: string, path: string): string {
  if (base === "/") return path;
  const method = /^[A-Z]+ /.exec(path)?.[0] ?? "";
  const rest = path.slice(method.length);
  return `${method}${base}${rest.replace(/^\/+/, "")}`;
}
