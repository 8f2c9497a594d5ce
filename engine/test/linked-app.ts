import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const repo = join(import.meta.dirname, "../..");

export interface LinkedAppInput {
  /** The app's files, by path relative to its folder. */
  files: Record<string, string>;
  /** What the app's package.json lists besides `edgeplate` and the platform. */
  dependencies?: Record<string, string>;
  /** Stand-ins installed in the app's node_modules: name → version. Importing one throws. */
  fakePackages?: Record<string, string>;
  /** The platforms (folders of platforms/) linked and listed besides the engine. */
  platforms?: string[];
}

/**
 * An app folder outside the repository whose node_modules holds only links to the engine and the
 * platforms (default: node-server), as `npm link`, `file:` or pnpm lay it out, so nothing of the engine's own
 * dependencies is where the app would look, plus any fake packages a test wants to collide with.
 * @returns the app's folder; remove it with `removeDir`.
 */
export function createLinkedApp({ files, dependencies = {}, fakePackages = {}, platforms = ["node-server"] }: LinkedAppInput): string {
  const app = mkdtempSync(join(tmpdir(), "edgeplate-linked-"));
  mkdirSync(join(app, "node_modules/@edgeplate"), { recursive: true });
  symlinkSync(join(repo, "engine"), join(app, "node_modules/edgeplate"));
  for (const name of platforms) symlinkSync(join(repo, "platforms", name), join(app, `node_modules/@edgeplate/platform-${name}`));
  const listed = { edgeplate: "*", ...Object.fromEntries(platforms.map((name) => [`@edgeplate/platform-${name}`, "*"])), ...dependencies };
  write(app, "package.json", JSON.stringify({ name: "linked-app", type: "module", dependencies: listed }));
  for (const [path, text] of Object.entries(files)) write(app, path, text);
  for (const [name, version] of Object.entries(fakePackages)) {
    const dir = join(app, "node_modules", name);
    // Every subpath is the throwing index, so a bundle that picks this copy fails loudly when it runs.
    write(dir, "package.json", JSON.stringify({ name, version, type: "module", exports: { ".": "./index.js", "./*": "./index.js" } }));
    write(dir, "index.js", `throw new Error(${JSON.stringify(`the app's fake ${name}@${version} was bundled`)});\n`);
  }
  return app;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}
