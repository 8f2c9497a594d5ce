import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import vitestConfig from "../vitest.config.ts";
import { workflowProblems, type RepoFacts } from "./workflow-checks.ts";

// .github/workflows/ci.yml against GitHub's workflow schema, and against what it must mirror:
// .ci/run, `npm test`, and the starters × platforms the smoke matrix has.
const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const folders = (path: string) =>
  readdirSync(join(root, path), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

const facts: RepoFacts = {
  starters: folders("starters").filter((name) => existsSync(join(root, "starters", name, "package.json"))),
  // A platform is in the matrix when the matrix has a host cell for it (static and service-worker have no server to run).
  platforms: folders("platforms").filter((name) => existsSync(join(root, "smoke-tests/matrix/hosts", `${name}.ts`))),
  testScript: (JSON.parse(read("package.json")) as { scripts: { test: string } }).scripts.test,
  vitestDirs: (vitestConfig.test?.include ?? []).map((glob) => glob.slice(0, glob.indexOf("*")).replace(/\/$/, "")),
  ciRun: read(".ci/run"),
};
const workflow = read(".github/workflows/ci.yml");

test("the repository's facts are found (an empty list would make the matrix checks vacuous)", () => {
  expect(facts.starters).toContain("vue-ssr");
  expect(facts.platforms.length).toBeGreaterThan(0);
  expect(facts.vitestDirs).toContain("engine/test");
});

test("ci.yml is valid, pinned, read-only, in one concurrency group, and mirrors .ci/run and npm test", async () => {
  expect(await workflowProblems(workflow, facts)).toEqual([]);
});

describe("a broken workflow fails the checks", () => {
  const cases: [string, (text: string) => string, RegExp][] = [
    ["an unpinned action", (text) => text.replace(/actions\/checkout@[0-9a-f]{40}/, "actions/checkout@v4"), /`uses: actions\/checkout@v4` is not pinned/],
    ["a key the schema does not know", (text) => text.replace("    timeout-minutes: 15\n", "    timeout-minutes: 15\n    retries: 2\n"), /^schema: .*retries/],
    ["a write permission", (text) => text.replace("  contents: read", "  contents: write"), /top-level `permissions`/],
    ["no concurrency group", (text) => text.replace(/\nconcurrency:\n(  .*\n)+/, "\n"), /no top-level `concurrency.group`/],
    ["a starter missing from the matrix", (text) => text.replace(", vue-ssr]", "]"), /`matrix.starter` must list .*; missing vue-ssr/],
    ["the build instead of the smoke cell", (text) => text.replace(/npm run smoke -- .*/, "npm run build -w starters/${{ matrix.starter }}"), /0 jobs run `npm run smoke`/],
    [
      "a cell excluded",
      (text) => text.replace("        platform: [bun,", "        exclude: [{ starter: vue-ssr, platform: bun }]\n        platform: [bun,"),
      /`matrix.exclude` drops cells/,
    ],
    ["the engine tests on one Node", (text) => text.replace('node: ["20.19", "22"]', 'node: ["20.19"]'), /engine tests on Node 20 and 22/],
    ["a piece of npm test left out", (text) => text.replace("      - run: npm run typecheck\n", ""), /`npm test` runs `npm run typecheck` but no job does/],
    ["a vitest folder left out", (text) => text.replace("npx vitest run starters", "npx vitest run starters/minimal"), /tests in starters\/ but no job runs/],
    ["the doc check left out", (text) => text.replace("      - run: npm run platforms:doc -- --check\n", ""), /no job runs `npm run platforms:doc -- --check`/],
  ];
  test.each(cases)("%s", async (_, breakIt, expected) => {
    const broken = breakIt(workflow);
    expect(broken, "the case's edit did not apply to ci.yml").not.toBe(workflow);
    const problems = await workflowProblems(broken, facts);
    expect(
      problems.some((problem) => expected.test(problem)),
      problems.join("\n"),
    ).toBe(true);
  });

  test(".ci/run without the smoke matrix", async () => {
    const problems = await workflowProblems(workflow, { ...facts, ciRun: facts.ciRun.replace(/^npm run smoke$/m, "") });
    expect(problems).toContain(".ci/run must run `npm run smoke` on a line of its own");
  });
});
