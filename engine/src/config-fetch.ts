/**
 * `serverFetch` / `fetch` for the config file (`import { serverFetch } from "edgeplate"` while the
 * config loads, as Nitro's): a build hook asking the app something (Nitro's server-fetch example
 * fetches `/hello` from `dev:start`). The running dev server registers itself here; the registry is
 * a global because the config is loaded by jiti, which may hold its own copy of this module.
 */
const KEY = "__edgeplate_dev_servers__";

type DevFetch = (request: Request) => Promise<Response>;

function servers(): DevFetch[] {
  const g = globalThis as { [KEY]?: DevFetch[] };
  return (g[KEY] ??= []);
}

/** Registers a dev server's fetch (the newest one answers); returns its unregistration. */
export function registerDevServer(fetch: DevFetch): () => void {
  servers().unshift(fetch);
  return () => {
    const list = servers();
    if (list.includes(fetch)) list.splice(list.indexOf(fetch), 1);
  };
}

/**
 * Sends a request to the running dev server in this process (paths such as `/hello`); fails in
 * one line when none runs, as in `edgeplate build`, where there is no server to ask.
 */
export function serverFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const fetch = servers()[0];
  if (!fetch) return Promise.reject(new Error("[edgeplate] serverFetch() in the config needs a running `edgeplate dev` server: call it from a `dev:start` or `dev:reload` hook."));
  const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
  return fetch(request);
}

/** Nitro's config-side `fetch`: app paths (`/x`) go to the dev server, anything else to the global `fetch`. */
export function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return typeof input === "string" && input.startsWith("/") && !input.startsWith("//") ? serverFetch(input, init) : globalThis.fetch(input, init);
}
