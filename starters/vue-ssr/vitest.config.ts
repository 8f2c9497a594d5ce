import { defineConfig } from "vitest/config";

// A config of its own, or vitest would load vite.config.ts (the app's build, Edgeplate included).
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 180_000 } });
