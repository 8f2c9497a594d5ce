import { pathsWithOtherMethods, type PlatformBuildContext } from "edgeplate/build";

// wrangler's limits on `assets.run_worker_first` rules: past them, `wrangler deploy` fails.
const MAX_RULES = 100;
const MAX_RULE_LENGTH = 100;

/**
 * `assets.run_worker_first` for the public paths the app also answers for other methods than GET
 * and HEAD: the assets router would answer those with 405, never the worker. The worker then sees
 * every method there, so it must answer GET and HEAD from the `ASSETS` binding itself.
 */
export async function workerFirstPaths(ctx: PlatformBuildContext): Promise<string[] | undefined> {
  // A `*` would make a rule a glob.
  const paths = (await pathsWithOtherMethods(ctx)).filter((p) => !p.includes("*"));
  if (paths.length === 0) return undefined;
  if (paths.length > MAX_RULES || paths.some((p) => p.length > MAX_RULE_LENGTH)) {
    console.warn(
      `[edgeplate] [cloudflare] ${paths.length} public paths also have POST/PUT/… routes, past wrangler's run_worker_first limits (${MAX_RULES} rules of ${MAX_RULE_LENGTH} characters): other methods than GET on them get 405 from the assets router. Move those routes off the prerendered paths.`,
    );
    return undefined;
  }
  return paths;
}
