import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { edgeplate } from "edgeplate/vite";

export default defineConfig({
  plugins: [react(), edgeplate()],
});
