// `edgeplate/context`: the current request anywhere in its async call chain (Nitro's `nitro/context`).
export { useRequest } from "./internal/context.ts";
