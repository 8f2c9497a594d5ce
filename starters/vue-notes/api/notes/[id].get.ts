import { defineHandler } from "edgeplate";
import { getRouterParam } from "edgeplate/h3";
import { getNote } from "../../server/notes.ts";

export default defineHandler(async (event) => ({ note: await getNote(getRouterParam(event, "id") ?? "") }));
