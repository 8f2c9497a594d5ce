import { defineConfig } from "vite";
import { edgeplate } from "edgeplate/vite";

export default defineConfig({
  plugins: [edgeplate()],
});
