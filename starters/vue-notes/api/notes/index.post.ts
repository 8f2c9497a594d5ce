import { defineHandler } from "edgeplate";
import { readBody } from "edgeplate/h3";
import { createNote, parseNote } from "../../server/notes.ts";

export default defineHandler(async (event) => {
  const note = await createNote(parseNote(await readBody(event)));
  event.res.status = 201;
  return { note };
});
