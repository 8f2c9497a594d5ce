import { createJiti } from "jiti";

const mod = await createJiti(import.meta.url).import("./src/vite/index.ts");
export const edgeplate = mod.edgeplate;
export default mod.edgeplate;
