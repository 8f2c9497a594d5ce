import { defineHandler } from "edgeplate";
import { getRouterParam, readBody } from "edgeplate/h3";
import { parseNote, updateNote } from "../../server/notes.ts";

export default defineHandler(async (event) => ({ note: await updateNote(getRouterParam(event, "id") ?? "", parseNote(await readBody(event))) }));
