import { defineHandler } from "nitro/h3";
import { payload } from "../../payload.mjs";

export default defineHandler(() => payload);
