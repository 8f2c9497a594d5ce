import { HTTPError } from "edgeplate";
import { useStorage } from "edgeplate/storage";
import { withLock } from "./lock.ts";

export interface Link {
  slug: string;
  url: string;
  createdAt: string;
}

export interface LinkStats extends Link {
  hits: number;
}

export type FieldErrors = Partial<Record<"url" | "slug", string>>;

const SLUG = /^[A-Za-z0-9_-]{3,40}$/;
const SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

// Links and their counters live apart: a click rewrites one small number, never the link itself.
const links = () => useStorage<Link>("data:links");
const hits = () => useStorage<number>("data:hits");

/** A 400 whose `data.fields` the UI shows next to each input. */
export function invalid(fields: FieldErrors, status = 400): HTTPError {
  return new HTTPError({ status, message: "Some fields need fixing.", data: { fields } });
}

/** Checks a create request; throws the field errors a person can act on. */
export function parseNewLink(body: unknown): { url: string; slug?: string } {
  const input = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const url = typeof input.url === "string" ? input.url.trim() : "";
  const slug = typeof input.slug === "string" ? input.slug.trim() : "";
  const fields: FieldErrors = {};
  if (!url) fields.url = "Enter the address to shorten.";
  else if (!isWebAddress(url)) fields.url = "Enter a full address starting with http:// or https://.";
  else if (url.length > 2048) fields.url = "Addresses longer than 2048 characters are not supported.";
  if (slug && !SLUG.test(slug)) fields.slug = "Use 3 to 40 letters, digits, dashes or underscores.";
  if (fields.url || fields.slug) throw invalid(fields);
  return { url: new URL(url).href, slug: slug || undefined };
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !!url.hostname;
  } catch {
    return false;
  }
}

export async function createLink(input: { url: string; slug?: string }): Promise<LinkStats> {
  for (;;) {
    const slug = input.slug ?? randomSlug();
    // Check and write under the slug's lock: no other request can take the name in between.
    const link = await withLock(slug, async () => {
      if (await links().hasItem(slug)) return null;
      const link: Link = { slug, url: input.url, createdAt: new Date().toISOString() };
      await links().setItem(slug, link);
      return link;
    });
    if (link) return { ...link, hits: 0 };
    if (input.slug) throw invalid({ slug: "That short name is taken. Pick another one." }, 409);
    // A random name clashed (rare with 56^7 of them): draw another.
  }
}

function randomSlug(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(7));
  return Array.from(bytes, (b) => SLUG_ALPHABET[b % SLUG_ALPHABET.length]).join("");
}

export async function listLinks(): Promise<LinkStats[]> {
  const keys = await links().getKeys();
  // Under the lock, a counter being rewritten is read after the write, never half-written.
  const items = await Promise.all(keys.map((key) => withLock(key, async () => ({ link: await links().getItem(key), hits: await hits().getItem(key) }))));
  return items
    .filter((item): item is { link: Link; hits: number | null } => !!item.link)
    .map(({ link, hits }) => ({ ...link, hits: Number(hits ?? 0) }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function findLink(slug: string): Promise<Link | null> {
  return SLUG.test(slug) ? links().getItem(slug) : Promise.resolve(null);
}

/** Read, add one, write: under the slug's lock, so simultaneous clicks all count (in one process, see lock.ts). */
export function countHit(slug: string): Promise<void> {
  return withLock(slug, async () => {
    await hits().setItem(slug, Number((await hits().getItem(slug)) ?? 0) + 1);
  });
}

export function deleteLink(slug: string): Promise<boolean> {
  return withLock(slug, async () => {
    if (!(await findLink(slug))) return false;
    await Promise.all([links().removeItem(slug), hits().removeItem(slug)]);
    return true;
  });
}
