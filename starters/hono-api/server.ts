// The server entry: a Hono app, mounted for every request no file route answers (file routes such as
// routes/api/health.ts win). Its errors, its 404s included, become Edgeplate's JSON errors: Hono's
// `onError` hands them on instead of answering itself.
import { HTTPError } from "edgeplate";
import { useRuntimeConfig } from "edgeplate/runtime-config";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { validator } from "hono/validator";
import { addBook, getBook, listBooks, removeBook, type NewBook } from "./server/books.ts";

const app = new Hono().basePath("/api");

app.get("/", (c) => c.json({ name: useRuntimeConfig().libraryName as string, endpoints: ["/api/books", "/api/books/:id", "/api/books/stats", "/api/health"] }));

app.get("/books", async (c) => c.json({ books: await listBooks() }));

app.get("/books/:id", async (c) => {
  const book = await getBook(c.req.param("id"));
  if (!book) throw new HTTPError({ status: 404, message: `No book with id ${c.req.param("id")}` });
  return c.json(book);
});

app.post(
  "/books",
  validator("json", (value): NewBook => {
    const { title, author } = (value ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    if (typeof title !== "string" || !title.trim()) fields.title = "Give the book a title.";
    if (typeof author !== "string" || !author.trim()) fields.author = "Name the author.";
    if (Object.keys(fields).length > 0) throw new HTTPError({ status: 400, message: "Some fields need fixing.", data: { fields } });
    return { title: (title as string).trim(), author: (author as string).trim() };
  }),
  async (c) => c.json(await addBook(c.req.valid("json")), 201),
);

app.delete("/books/:id", async (c) => {
  if (!(await removeBook(c.req.param("id")))) throw new HTTPError({ status: 404, message: `No book with id ${c.req.param("id")}` });
  return c.body(null, 204);
});

// What the Hono app has no route for gets Edgeplate's JSON 404, like an unknown file route.
app.notFound((c) => {
  throw new HTTPError({ status: 404, message: `No route matches ${c.req.method} ${c.req.path}` });
});
app.onError((error) => {
  // Hono's own (a malformed JSON body is a 400 HTTPException) keep their status.
  if (error instanceof HTTPException) throw new HTTPError({ status: error.status, message: error.message });
  throw error;
});

export default app;
