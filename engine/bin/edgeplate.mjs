#!/usr/bin/env node
// The engine ships TypeScript sources; jiti compiles them on first load and caches the result.
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url);
const { main } = await jiti.import("../src/cli/main.ts");
await main();
