import { useRuntimeEnv } from "../config/env.ts";

/** `.data/…` paths in storage and database options follow `EDGEPLATE_DATA_DIR` when it is set. */
export function resolveDataPath(path: string): string {
  const dir = useRuntimeEnv().EDGEPLATE_DATA_DIR;
  return dir ? dir.replace(/\/$/, "") + path.slice(".data".length) : path;
}
