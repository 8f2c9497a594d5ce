import { fileURLToPath } from "node:url";
import { dirname, join } from "pathe";

/** Where the runtime sources live; virtual modules import runtime helpers by absolute path. */
export const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), "../runtime");
