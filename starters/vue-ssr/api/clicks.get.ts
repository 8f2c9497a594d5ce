import { defineHandler } from "edgeplate";
import { useStorage } from "edgeplate/storage";
import type { Clicks } from "../app/types.ts";

export default defineHandler(async (): Promise<Clicks> => ({ count: (await useStorage("data").getItem<number>("clicks")) ?? 0 }));
