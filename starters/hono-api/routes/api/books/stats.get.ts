import { defineCachedHandler } from "edgeplate/cache";
import { listBooks } from "../../../server/books.ts";

// `/api/books/stats` is a file route, so the Hono app's `/books/:id` never sees it. Counting reads
// every book, so the answer is cached for 3 s with stale-while-revalidate: a burst of requests
// costs one scan, and `x-cache` says HIT, MISS or STALE.
export default defineCachedHandler(
  async () => {
    const books = await listBooks();
    return { count: books.length, authors: new Set(books.map((b) => b.author)).size, computedAt: new Date().toISOString() };
  },
  { maxAge: 3, swr: true },
);
