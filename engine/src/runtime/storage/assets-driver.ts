import { defineDriver } from "unstorage";
import { serverAssets } from "#edgeplate/server-assets";

/** Read-only driver over one `serverAssets` entry (`base`: its name), bundled at build time. */
export const assetsDriver = defineDriver(({ base }: { base: string }) => {
  const prefix = `${base}:`;
  const decode = (key: string) => {
    const asset = serverAssets[prefix + key];
    if (!asset) return null;
    if (!asset.base64) return asset.data;
    const bytes = Uint8Array.from(atob(asset.data), (c) => c.charCodeAt(0));
    return bytes;
  };
  return {
    name: "edgeplate-server-assets",
    flags: { maxDepth: true },
    hasItem: (key) => prefix + key in serverAssets,
    getItem: (key) => {
      const value = decode(key);
      return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
    },
    getItemRaw: (key) => decode(key),
    getMeta: (key) => {
      const meta = serverAssets[prefix + key]?.meta;
      return meta ? { ...meta, mtime: new Date(meta.mtime) } : null;
    },
    getKeys: () => Object.keys(serverAssets).flatMap((key) => (key.startsWith(prefix) ? [key.slice(prefix.length)] : [])),
  };
});
