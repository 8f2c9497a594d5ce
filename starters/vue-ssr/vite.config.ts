import { defineConfig } from "vite";
import { edgeplate } from "edgeplate/vite";

// Vite builds the browser half only: `app/client.ts`, which hydrates what the server rendered. The
// page itself comes from `renderer.ts` (edgeplate.config.ts), so there is no index.html and no SPA.
export default defineConfig({
  appType: "custom",
  plugins: [edgeplate()],
  define: {
    // Vue's esm-bundler build reads these flags (its Vite plugin would set them; there are no SFCs here).
    __VUE_OPTIONS_API__: "false",
    __VUE_PROD_DEVTOOLS__: "false",
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
  },
  build: {
    rollupOptions: {
      input: "app/client.ts",
      // A fixed name the server's page links to.
      output: { entryFileNames: "assets/client.js" },
    },
  },
});
