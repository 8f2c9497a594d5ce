import { defineHandler } from "nitro/h3";
import { defineCachedHandler } from "nitro/runtime";
import { payload } from "../../payload.mjs";

export default defineCachedHandler(
  defineHandler(() => payload),
  { maxAge: 60, swr: true, name: "bench" },
);
