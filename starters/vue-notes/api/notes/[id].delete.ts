import { defineHandler } from "edgeplate";
import { getRouterParam, noContent } from "edgeplate/h3";
import { deleteNote } from "../../server/notes.ts";

export default defineHandler(async (event) => {
  await deleteNote(getRouterParam(event, "id") ?? "");
  return noContent();
});
