import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRouteMeta } from "../src/build/openapi/route-meta.ts";
import { removeDir } from "./helpers.ts";

describe("defineRouteMeta is read statically", () => {
  const dir = mkdtempSync(join(tmpdir(), "edgeplate-route-meta-"));
  afterAll(() => removeDir(dir));
  const write = (name: string, code: string) => {
    const file = join(dir, name);
    writeFileSync(file, code);
    return file;
  };

  it("reads literal data out of TypeScript", async () => {
    const file = write(
      "ok.ts",
      `import { defineRouteMeta } from "edgeplate";\ntype T = string;\ndefineRouteMeta({ openAPI: { summary: \`hi\` as T, deprecated: true, "x-n": -1, tags: ["a"], v: null } });\nexport default 1;\n`,
    );
    expect(await readRouteMeta(file, dir)).toEqual({ openAPI: { summary: "hi", deprecated: true, "x-n": -1, tags: ["a"], v: null } });
    expect(await readRouteMeta(write("none.ts", "export default 1;\n"), dir)).toBeUndefined();
  });

  it("fails the build at the call when the value is computed", async () => {
    const file = write("bad.ts", `import { defineRouteMeta } from "edgeplate";\nconst tag = "a";\n\n  defineRouteMeta({ openAPI: { tags: [tag] } });\n`);
    await expect(readRouteMeta(file, dir)).rejects.toThrow(/^\[edgeplate\] \[openapi\] `defineRouteMeta` in `bad\.ts:4:3` holds `tag`; it is read at build time/);
  });
});
