import { defineValidatedHandler } from "edgeplate";
import { getRouterParam } from "edgeplate/h3";
import { invalidNote, noteInput, updateNote } from "../../server/notes.ts";

export default defineValidatedHandler({
  validate: { body: noteInput, onError: invalidNote },
  handler: async (event) => ({ note: await updateNote(getRouterParam(event, "id") ?? "", await event.req.json()) }),
});
