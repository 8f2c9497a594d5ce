import { HTTPError } from "edgeplate";
import { useStorage } from "edgeplate/storage";
import * as v from "valibot";
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

/** A create request; each message is what the form shows next to its field. */
export const newLink = v.object({
  url: v.pipe(
    v.optional(v.string("Enter the address to shorten."), ""),
    v.trim(),
    v.nonEmpty("Enter the address to shorten."),
    v.check(isWebAddress, "Enter a full address starting with http:// or https://."),
    v.maxLength(2048, "Addresses longer than 2048 characters are not supported."),
    v.transform((url) => new URL(url).href),
  ),
  slug: v.pipe(
    v.optional(v.string("Use 3 to 40 letters, digits, dashes or underscores."), ""),
    v.trim(),
    v.check((slug) => !slug || SLUG.test(slug), "Use 3 to 40 letters, digits, dashes or underscores."),
    v.transform((slug) => slug || undefined),
  ),
});

/**
 * The 400 for an invalid create request (`validate.onError` of the route): the form's one message
 * per field in `data.fields`, next to the validator's own `issues`.
 */
export function invalidLink({ issues }: { issues: readonly { message: string; path?: readonly unknown[] }[] }): HTTPError {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = (issue.path?.[0] as { key?: unknown } | undefined)?.key;
    if (key === "url" || key === "slug") fields[key] ??= issue.message;
  }
  return new HTTPError({ status: 400, message: "Some fields need fixing.", data: { fields, issues } });
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
