// Stand-in for a missing KV binding: the worker keeps running, with data in memory.
type Stored = { value: string | ArrayBuffer; metadata?: unknown };

let warned = false;

function warnOnce(binding: string): void {
  if (warned) return;
  warned = true;
  console.warn(
    `[edgeplate] [cloudflare] KV binding \`${binding}\` is missing, so storage that uses it is in memory and lost on restart. Add it to wrangler.json (\`kv_namespaces\`) to keep data.`,
  );
}

/** The subset of the KV namespace API that unstorage's `cloudflare-kv-binding` driver calls. */
export function createMemoryKV(binding: string) {
  const items = new Map<string, Stored>();
  return {
    async get(key: string, opts?: string | { type?: string }) {
      warnOnce(binding);
      const item = items.get(key);
      if (!item) return null;
      const type = typeof opts === "string" ? opts : opts?.type;
      if (type === "arrayBuffer") return typeof item.value === "string" ? new TextEncoder().encode(item.value).buffer : item.value;
      const text = typeof item.value === "string" ? item.value : new TextDecoder().decode(item.value);
      return type === "json" ? JSON.parse(text) : text;
    },
    async put(key: string, value: string | ArrayBuffer | ArrayBufferView, opts?: { metadata?: unknown }) {
      warnOnce(binding);
      const stored = typeof value === "string" || value instanceof ArrayBuffer ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice().buffer;
      items.set(key, { value: stored, metadata: opts?.metadata });
    },
    async delete(key: string) {
      warnOnce(binding);
      items.delete(key);
    },
    async list(opts: { prefix?: string } = {}) {
      warnOnce(binding);
      const keys = [...items.keys()].filter((k) => !opts.prefix || k.startsWith(opts.prefix)).map((name) => ({ name }));
      return { keys, list_complete: true, cacheStatus: null };
    },
  };
}
