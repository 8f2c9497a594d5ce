import { useStorage } from "edgeplate/storage";

export interface NewBook {
  title: string;
  author: string;
}

export interface Book extends NewBook {
  id: string;
  addedAt: string;
}

// The `data` mount: files under .data/kv on Node, Bun and Deno, the KV binding `DATA` on Cloudflare.
const books = () => useStorage<Book>("data:books");

export async function listBooks(): Promise<Book[]> {
  const keys = await books().getKeys();
  const all = await Promise.all(keys.map((key) => books().getItem(key)));
  return all.filter((b): b is Book => b !== null).sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

export function getBook(id: string): Promise<Book | null> {
  return /^[\w-]{1,64}$/.test(id) ? books().getItem(id) : Promise.resolve(null);
}

export async function addBook(input: NewBook): Promise<Book> {
  const book: Book = { ...input, id: crypto.randomUUID(), addedAt: new Date().toISOString() };
  await books().setItem(book.id, book);
  return book;
}

export async function removeBook(id: string): Promise<boolean> {
  if (!(await getBook(id))) return false;
  await books().removeItem(id);
  return true;
}
