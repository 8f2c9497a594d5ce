import { defineHandler } from "edgeplate";
import { listBooks } from "../../../server/books.ts";

// `/api/books/stats` is a file route, so the Hono app's `/books/:id` never sees it.
export default defineHandler(async () => {
  const books = await listBooks();
  return { count: books.length, authors: new Set(books.map((b) => b.author)).size };
});
