import { defineHandler } from "edgeplate";
import { readBody } from "edgeplate/h3";
import { savePreferences } from "../server/preferences.ts";

export default defineHandler(async (event) => ({ preferences: await savePreferences(event, await readBody(event)) }));
