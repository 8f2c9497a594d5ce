import { defineDriver } from "unstorage";

/**
 * Stands in for a mount whose driver could not be created (an option that must come from the
 * environment is missing, say): every call on that mount fails with the creation error, while the
 * other mounts — the default `cache` among them — keep working.
 */
export const failedDriver = defineDriver((error: unknown) => {
  const fail = (): never => {
    throw error;
  };
  return { name: "edgeplate-failed", hasItem: fail, getItem: fail, setItem: fail, removeItem: fail, getKeys: fail, clear: fail };
});
