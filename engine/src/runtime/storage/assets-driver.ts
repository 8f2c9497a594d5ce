import { defineDriver } from "unstorage";
import { serverAssets } from "#edgeplate/server-assets";

/** Read-only driver over the files of `assets/`, bundled into the server at build time. */
export const assetsDriver = defineDriver((_options: void) => {
  const decode = (key: string) => {
    const asset = serverAssets[key];
    if (!asset) return null;
    if (!asset.base64) return asset.data;
    const bytes = Uint8Array.from(atob(asset.data), (c) => c.charCodeAt(0));
    return bytes;
  };
  return {
    name: "edgeplate-server-assets",
    flags: { maxDepth: true },
    hasItem: (key) => key in serverAssets,
    getItem: (key) => {
      const value = decode(key);
      return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
    },
    getItemRaw: (key) => decode(key),
    getMeta: (key) => {
      const meta = serverAssets[key]?.meta;
      return meta ? { ...meta, mtime: new Date(meta.mtime) } : null;
    },
    getKeys: () => Object.keys(serverAssets),
  };
});
