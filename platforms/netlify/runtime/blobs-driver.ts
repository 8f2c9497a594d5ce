import type { Driver } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import netlifyBlobsDriver, { type NetlifyStoreOptions } from "unstorage/drivers/netlify-blobs";

let warned = false;

function warnOnce(): void {
  if (warned) return;
  warned = true;
  console.warn(
    "[edgeplate] [netlify] no Netlify Blobs environment here, so storage on Netlify Blobs (the default `data` and `cache`) is in memory and lost on restart. Run the site with `netlify dev` or deploy it to keep it in Blobs.",
  );
}

/** @netlify/blobs throws this (by name; the class is not exported) when neither the environment nor the options say where the site's Blobs are. */
const isMissingEnvironment = (error: unknown) => error instanceof Error && error.name === "MissingBlobsEnvironmentError";

/**
 * unstorage's `netlify-blobs` driver, in memory where no Blobs environment exists (`edgeplate
 * preview` with the in-repo function host, a test without a BlobsServer), as a Cloudflare worker
 * without its KV binding is: one warning, and the app keeps running. Netlify sets the environment
 * before it loads the function, so a deployed site (and `netlify dev`) always gets Blobs. Decided on
 * the first call and kept, so what was written is where it is read from.
 */
export default function netlifyBlobsOrMemory(options: NetlifyStoreOptions): Driver {
  const blobs = netlifyBlobsDriver(options);
  let chosen: Driver | undefined;
  const driver = (): Driver => {
    if (chosen) return chosen;
    try {
      blobs.getInstance!();
      chosen = blobs;
    } catch (error) {
      if (!isMissingEnvironment(error)) throw error;
      warnOnce();
      chosen = memoryDriver();
    }
    return chosen;
  };
  return {
    name: blobs.name,
    options,
    getInstance: () => driver().getInstance?.(),
    hasItem: (key, opts) => driver().hasItem(key, opts),
    getItem: (key, opts) => driver().getItem(key, opts),
    getItemRaw: (key, opts) => driver().getItemRaw!(key, opts),
    getMeta: (key, opts) => driver().getMeta?.(key, opts) ?? null,
    setItem: (key, value, opts) => driver().setItem!(key, value, opts),
    setItemRaw: (key, value, opts) => driver().setItemRaw!(key, value, opts),
    removeItem: (key, opts) => driver().removeItem!(key, opts),
    getKeys: (base, opts) => driver().getKeys(base, opts),
    clear: (base, opts) => driver().clear!(base, opts),
    dispose: () => chosen?.dispose?.(),
  };
}
