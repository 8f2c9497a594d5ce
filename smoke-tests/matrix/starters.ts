// What each starter shows the smoke matrix: where it answers once it is up, its SWR-cached route
// (whose body changes on every run of the handler: a `computedAt` timestamp), and a storage round
// trip through its own API.
import { join } from "node:path";

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface MatrixStarter {
  name: string;
  /** The starter's folder (built in place with its own `edgeplate` CLI). */
  dir: string;
  /** A GET that answers 200 once the app is up. */
  readyPath: string;
  /** A `defineCachedHandler` route with `swr: true`; `maxAge` in seconds, as the route sets it. */
  cached: { path: string; maxAge: number };
  storage: {
    /** What the value lives in, for whether a host keeps it across a restart. */
    kind: "kv" | "sql";
    /** Writes `value` through the API; returns how to find it again and what reading it must give. */
    write(fetch: Fetch, value: string): Promise<{ key: string; expected: string }>;
    /** Reads the value written under `key`, or undefined when the API has none. */
    read(fetch: Fetch, key: string): Promise<string | undefined>;
  };
  /** What a platform needs besides the defaults, when it needs something. */
  setup?(platform: string): CellSetup | undefined;
}

export interface CellSetup {
  /** Added to the build's environment. */
  buildEnv?: Record<string, string>;
  /** Added to the server's environment. */
  env?: Record<string, string>;
  /** Where the stored value lives instead of the platform default (it persists there). */
  persists?: string;
  /** Why the storage round trip cannot run on this platform here. */
  noStorage?: string;
}

const root = join(import.meta.dirname, "../../starters");
const json = { "content-type": "application/json" };

/** The JSON of a 2xx answer; anything else throws with the status and the start of the body. */
export async function okJson<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

const post = (fetch: Fetch, path: string, body: unknown, method: "POST" | "PUT" = "POST") => fetch(path, { method, headers: json, body: JSON.stringify(body) });

export const starters: MatrixStarter[] = [
  {
    name: "minimal",
    dir: join(root, "minimal"),
    readyPath: "/api/hello",
    cached: { path: "/api/time", maxAge: 2 },
    storage: {
      kind: "kv",
      async write(fetch, value) {
        await okJson(await post(fetch, "/api/kv/matrix", { value }, "PUT"), "PUT /api/kv/matrix");
        return { key: "matrix", expected: value };
      },
      async read(fetch, key) {
        const res = await fetch(`/api/kv/${key}`);
        return res.status === 404 ? undefined : (await okJson<{ value: string }>(res, `GET /api/kv/${key}`)).value;
      },
    },
  },
  {
    name: "hono-api",
    dir: join(root, "hono-api"),
    readyPath: "/api/health",
    cached: { path: "/api/books/stats", maxAge: 3 },
    storage: {
      kind: "kv",
      async write(fetch, value) {
        const book = await okJson<{ id: string }>(await post(fetch, "/api/books", { title: value, author: "Smoke Matrix" }), "POST /api/books");
        return { key: book.id, expected: value };
      },
      async read(fetch, key) {
        const res = await fetch(`/api/books/${key}`);
        return res.status === 404 ? undefined : (await okJson<{ title: string }>(res, `GET /api/books/${key}`)).title;
      },
    },
  },
  {
    name: "react-dashboard",
    dir: join(root, "react-dashboard"),
    readyPath: "/api/expenses",
    cached: { path: "/api/stats", maxAge: 3 },
    storage: {
      kind: "kv",
      async write(fetch, value) {
        const body = { amount: "4.20", category: "Office", date: new Date().toISOString().slice(0, 10), note: value };
        const { expense } = await okJson<{ expense: { id: string } }>(await post(fetch, "/api/expenses", body), "POST /api/expenses");
        return { key: expense.id, expected: value };
      },
      async read(fetch, key) {
        const { expenses } = await okJson<{ expenses: { id: string; note: string }[] }>(await fetch("/api/expenses?limit=100"), "GET /api/expenses");
        return expenses.find((e) => e.id === key)?.note;
      },
    },
  },
  {
    name: "vanilla-links",
    dir: join(root, "vanilla-links"),
    readyPath: "/api/links",
    cached: { path: "/api/links/top", maxAge: 3 },
    storage: {
      kind: "kv",
      async write(fetch, value) {
        const slug = value.replace(/[^\w-]/g, "").slice(-40);
        const url = `https://example.com/${value}`;
        await okJson(await post(fetch, "/api/links", { url, slug }), "POST /api/links");
        return { key: slug, expected: url };
      },
      async read(fetch, key) {
        const { links } = await okJson<{ links: { slug: string; url: string }[] }>(await fetch("/api/links"), "GET /api/links");
        return links.find((l) => l.slug === key)?.url;
      },
    },
  },
  {
    name: "vue-notes",
    dir: join(root, "vue-notes"),
    readyPath: "/api/notes",
    cached: { path: "/api/stats", maxAge: 3 },
    // Functions have no disk for SQLite: on Netlify and Vercel the notes live in Postgres, as the
    // starter's README says (NOTES_DATABASE=postgresql at build time, the URL where it runs).
    setup(platform) {
      if (platform !== "netlify" && platform !== "vercel") return undefined;
      const url = process.env.DATABASE_URL;
      if (!url) return { noStorage: `vue-notes needs Postgres on ${platform} (a function has no disk for SQLite): set DATABASE_URL to run it` };
      return { buildEnv: { NOTES_DATABASE: "postgresql" }, env: { EDGEPLATE_DATABASE_DEFAULT_URL: url }, persists: "Postgres (DATABASE_URL)" };
    },
    storage: {
      kind: "sql",
      async write(fetch, value) {
        const { note } = await okJson<{ note: { id: string } }>(await post(fetch, "/api/notes", { title: value, body: "written by the smoke matrix" }), "POST /api/notes");
        return { key: note.id, expected: value };
      },
      async read(fetch, key) {
        const res = await fetch(`/api/notes/${key}`);
        return res.status === 404 ? undefined : (await okJson<{ note: { title: string } }>(res, `GET /api/notes/${key}`)).note.title;
      },
    },
  },
  {
    name: "vue-ssr",
    dir: join(root, "vue-ssr"),
    readyPath: "/api/greeting",
    cached: { path: "/api/stats", maxAge: 3 },
    storage: {
      kind: "kv",
      // The API's one write is a click: the count it answers is the value that must read back.
      async write(fetch) {
        const { count } = await okJson<{ count: number }>(await fetch("/api/clicks", { method: "POST" }), "POST /api/clicks");
        return { key: "clicks", expected: String(count) };
      },
      async read(fetch) {
        const { count } = await okJson<{ count: number }>(await fetch("/api/clicks"), "GET /api/clicks");
        return count === 0 ? undefined : String(count);
      },
    },
  },
];
