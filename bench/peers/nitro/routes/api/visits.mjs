import { defineHandler } from "nitro/h3";
import { useStorage } from "nitro/runtime";

export default defineHandler(async () => {
  const storage = useStorage();
  const visits = ((await storage.getItem("visits")) ?? 0) + 1;
  await storage.setItem("visits", visits);
  return { visits };
});
