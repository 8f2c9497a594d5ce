import { defineHandler } from "edgeplate";
import { getPreferences } from "../server/preferences.ts";

export default defineHandler(async (event) => ({ preferences: await getPreferences(event) }));
