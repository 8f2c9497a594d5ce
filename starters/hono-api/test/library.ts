import type { Fetch } from "edgeplate/testing";
import { expect } from "vitest";

export const json = { "content-type": "application/json" };

/** A round trip through the Hono app and the file routes; what every platform must answer too. */
export async function expectLibrary(fetch: Fetch): Promise<void> {
  const health = await fetch("/api/health");
  expect(await health.json()).toEqual({ status: "ok" });
  // The route rule on /api/** covers the Hono app's answers as well as file routes'.
  expect(health.headers.get("access-control-allow-origin")).toBe("*");

  const index = await fetch("/api");
  expect(await index.json()).toMatchObject({ name: "The Edgeplate Library" });
  expect(index.headers.get("x-powered-by")).toBe("edgeplate + hono");

  const created = await fetch("/api/books", { method: "POST", headers: json, body: JSON.stringify({ title: "Dune", author: "Frank Herbert" }) });
  expect(created.status).toBe(201);
  const book = (await created.json()) as { id: string; title: string };
  expect(book).toMatchObject({ title: "Dune", author: "Frank Herbert" });
  expect(await (await fetch(`/api/books/${book.id}`)).json()).toMatchObject({ id: book.id, title: "Dune" });
  expect(((await (await fetch("/api/books")).json()) as { books: { id: string }[] }).books.map((b) => b.id)).toContain(book.id);
  // A file route inside the Hono app's prefix: routes answer before server.ts.
  expect(await (await fetch("/api/books/stats")).json()).toMatchObject({ count: expect.any(Number), authors: expect.any(Number) });

  expect((await fetch(`/api/books/${book.id}`, { method: "DELETE" })).status).toBe(204);
  const gone = await fetch(`/api/books/${book.id}`);
  expect(gone.status).toBe(404);
  expect(gone.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(await gone.json()).toEqual({ error: true, status: 404, statusText: "Not Found", message: `No book with id ${book.id}` });
}
