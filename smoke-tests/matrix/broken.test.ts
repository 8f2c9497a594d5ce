// The matrix must catch a cell that does not cache: a test-only starter (smoke-tests/fixtures/
// matrix-broken) whose cached route sets a cookie, so no answer is ever stored.
import { join } from "node:path";
import { expect, it } from "vitest";
import { runMatrix, select } from "./matrix.ts";
import { okJson, type MatrixStarter } from "./starters.ts";

const broken: MatrixStarter = {
  name: "matrix-broken",
  dir: join(import.meta.dirname, "../fixtures/matrix-broken"),
  readyPath: "/api/health",
  cached: { path: "/api/time", maxAge: 2 },
  storage: {
    kind: "kv",
    async write(fetch, value) {
      await okJson(await fetch("/api/kv/matrix", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ value }) }), "PUT /api/kv/matrix");
      return { key: "matrix", expected: value };
    },
    read: async (fetch, key) => (await okJson<{ value: string | null }>(await fetch(`/api/kv/${key}`), `GET /api/kv/${key}`)).value ?? undefined,
  },
};

it("fails the cell whose cached route never caches, saying what it saw, and passes its other checks", async () => {
  const lines: string[] = [];
  const { cells } = await runMatrix({ starters: [broken], platforms: ["node-server"], resultsDir: null, log: (line) => lines.push(line) });
  expect(cells).toHaveLength(1);
  const [cell] = cells;
  expect(cell).toMatchObject({ starter: "matrix-broken", platform: "node-server", ok: false });
  // coldStart and bundle are left out: under a loaded `npm test` the cold start may go over budget.
  expect(cell!.checks).toMatchObject({ build: "pass", swr: "fail", storage: "pass", persist: "pass" });
  expect(cell!.failures).toContainEqual(
    expect.stringMatching(/^swr: GET \/api\/time\?matrix=\w+-swr answered x-cache: MISS 4 times in a row, expected HIT after the first MISS: the answer was not cached$/),
  );
  // Concurrent requests that arrive while one run is pending share it, later ones run it again: the
  // concurrency check may fail too, depending on timing.
  // The printed matrix marks the cell and lists the failure under the table.
  const table = lines.find((l) => l.includes("Failures:"))!;
  expect(table).toMatch(/matrix-broken +✗ \d+ ms · [\d.]+ KB/);
  expect(table).toContain("matrix-broken × node-server: swr: GET /api/time?matrix=");
}, 30_000);

it("fails, not skips, a platform whose host cell file is missing", async () => {
  const { cells } = await runMatrix({ starters: [broken], platforms: ["nowhere"], resultsDir: null, log: () => {} });
  expect(cells).toEqual([expect.objectContaining({ platform: "nowhere", ok: false, failures: ["no host cell: smoke-tests/matrix/hosts/nowhere.ts is missing"] })]);
  expect(cells[0]!.checks.build).toBe("n/a: no host cell");
});

it("has an entry for every folder of starters/, and fails the cells of one without", async () => {
  expect(select(undefined, "node-server")).toMatchObject({ unlisted: [], platforms: ["node-server"], skipped: [] });
  const { cells } = await runMatrix({ starters: [], unlisted: ["new-starter"], platforms: ["node-server"], resultsDir: null, log: () => {} });
  expect(cells).toEqual([
    expect.objectContaining({
      starter: "new-starter",
      ok: false,
      failures: ["starters/new-starter has no entry in smoke-tests/matrix/starters.ts: add its ready path, cached route and storage round trip"],
    }),
  ]);
});
