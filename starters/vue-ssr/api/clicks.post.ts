import { defineHandler } from "edgeplate";
import { useStorage } from "edgeplate/storage";
import type { Clicks } from "../app/types.ts";

// Not atomic across instances (KV has no increment); a demo counter, not a ledger.
export default defineHandler(async (): Promise<Clicks> => {
  const storage = useStorage("data");
  const count = ((await storage.getItem<number>("clicks")) ?? 0) + 1;
  await storage.setItem("clicks", count);
  return { count };
});
