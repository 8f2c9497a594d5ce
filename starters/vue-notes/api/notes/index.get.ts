import { defineHandler } from "edgeplate";
import { listNotes } from "../../server/notes.ts";

export default defineHandler(async (event) => ({ notes: await listNotes(event.url.searchParams.get("q") ?? "") }));
