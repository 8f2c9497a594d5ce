import { defineValidatedHandler } from "edgeplate";
import { createNote, invalidNote, noteInput } from "../../server/notes.ts";

export default defineValidatedHandler({
  validate: { body: noteInput, onError: invalidNote },
  handler: async (event) => {
    const note = await createNote(await event.req.json());
    event.res.status = 201;
    return { note };
  },
});
