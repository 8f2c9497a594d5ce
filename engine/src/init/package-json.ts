import type { PackageJson } from "./repository.ts";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies"] as const;

/**
 * The copy's package.json: its own name, and the repository's packages from the tarballs in
 * `vendor/` instead of the workspace. Packages the starter only needs through another one (a
 * platform's own `@edgeplate/*` dependency) are listed too, or npm would look for them on the
 * registry, where they are not published yet.
 */
export function standalonePackageJson(pkg: PackageJson, name: string, tarballs: Map<string, string>): PackageJson {
  const copy: PackageJson = { ...structuredClone(pkg), name };
  const listed = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = copy[field];
    if (!deps) continue;
    for (const dep of Object.keys(deps)) {
      const tarball = tarballs.get(dep);
      if (!tarball) continue;
      deps[dep] = `file:vendor/${tarball}`;
      listed.add(dep);
    }
  }
  const deps = { ...copy.dependencies };
  for (const [dep, tarball] of tarballs) if (!listed.has(dep)) deps[dep] = `file:vendor/${tarball}`;
  copy.dependencies = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  return copy;
}

/** A valid npm package name from a folder name: `My App` → `my-app`. */
export function packageNameFor(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  return name || "edgeplate-app";
}
