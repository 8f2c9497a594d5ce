import { defineHandler } from "edgeplate";
import { payload } from "../../../fixture/payload.ts";

export default defineHandler(() => payload);
