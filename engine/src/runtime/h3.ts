export * from "h3";
// Takes precedence over h3's own `readBody` from the star export.
export { readBody } from "./internal/json-body.ts";
