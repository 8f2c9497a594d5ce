// The build-time `import.meta` flags (`build/plugins/import-meta.ts` replaces them), typed for app code.
export interface EdgeplateImportMeta {
  /** `edgeplate dev`. */
  dev: boolean;
  /** A build (`!dev`). */
  prod: boolean;
  /** The platform built for (`node-server`, `cloudflare`, …; `prerender` while prerendering). */
  preset: string;
  /** Same as `preset`. */
  platform: string;
  /** The bundle that renders `prerender` routes at build time. */
  prerender: boolean;
  server: true;
  client: false;
  /** Always `true` (Nitro's flag, for code shared with Nitro apps). */
  nitro: true;
  edgeplate: true;
  baseURL: string;
  _asyncContext: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ImportMeta extends Partial<EdgeplateImportMeta> {}
}
