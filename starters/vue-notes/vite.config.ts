import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";
import { edgeplate } from "edgeplate/vite";

export default defineConfig({
  plugins: [vue(), edgeplate()],
});
