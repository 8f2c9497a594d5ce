import { defineHandler } from "edgeplate";
import { useRuntimeConfig } from "edgeplate/runtime-config";

export default defineHandler((event) => {
  const name = event.url.searchParams.get("name") ?? "world";
  return { message: `${useRuntimeConfig().greeting}, ${name}!` };
});
