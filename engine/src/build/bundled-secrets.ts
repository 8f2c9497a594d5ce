import { toEnvName } from "../runtime/config/env-name.ts";
import type { ResolvedOptions } from "../types/config.ts";
import { logger } from "./logger.ts";

/** Option names that hold a location with credentials or a secret. */
const SECRET_OPTION = /url|uri|dsn|password|passwd|secret|token|key|auth|connection/i;

/**
 * Storage and database options are bundled as the config has them. One whose value is that of a
 * variable in the build's environment was most likely read from it (`url: process.env.DATABASE_URL`),
 * which writes a secret into the output: say so, and name the variable the server reads instead.
 */
export function warnOfBundledSecrets(options: Pick<ResolvedOptions, "storage" | "database">, env: NodeJS.ProcessEnv = process.env): void {
  // The first name per value: the variable a config reads comes before ones set from it.
  const fromEnv = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) if (value && value.length >= 8 && !fromEnv.has(value)) fromEnv.set(value, name);
  const check = (kind: "storage" | "database", name: string, value: unknown, path: string[]): void => {
    if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) check(kind, name, child, [...path, key]);
      return;
    }
    const source = typeof value === "string" ? fromEnv.get(value) : undefined;
    if (!source || !SECRET_OPTION.test(path.at(-1) ?? "")) return;
    logger.warn(
      `[${kind}] option \`${path.join(".")}\` of ${kind === "storage" ? "storage mount" : "database"} \`${name}\` is the build's \`${source}\`, so the bundle holds it. Leave it out of edgeplate.config.ts and set \`${toEnvName([kind, name, ...path])}\` where the server runs.`,
    );
  };
  // `driver` and `connector` are names, never secrets.
  for (const [name, mount] of Object.entries(options.storage)) check("storage", name, mount, []);
  for (const [name, db] of Object.entries(options.database)) check("database", name, db.options ?? {}, []);
}
