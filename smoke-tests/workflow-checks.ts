import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parse } from "yaml";

/** What the workflow must agree with, read from the repository by the caller. */
export interface RepoFacts {
  /** The folders under starters/. */
  starters: string[];
  /** The platforms the smoke matrix runs (those with a host cell). */
  platforms: string[];
  /** package.json's `test` script: its `&&` pieces must each run somewhere in the workflow. */
  testScript: string;
  /** The folders vitest's `include` globs start in (`engine/test`, `smoke-tests`, …). */
  vitestDirs: string[];
  /** The text of .ci/run. */
  ciRun: string;
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: unknown;
  concurrency?: unknown;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}
interface Workflow {
  permissions?: unknown;
  concurrency?: { group?: unknown } | string;
  jobs?: Record<string, Job>;
}

const SMOKE_CELL = "npm run smoke -- --starter ${{ matrix.starter }} --platform ${{ matrix.platform }}";
const DOC_CHECK = "npm run platforms:doc -- --check";

/**
 * Everything wrong with a workflow file, one line each (empty when it is fine): schema errors from
 * GitHub's own parser, unpinned actions, wider permissions than `contents: read`, a missing or
 * second concurrency group, and any way it stops mirroring .ci/run and `npm test`.
 */
export async function workflowProblems(content: string, facts: RepoFacts): Promise<string[]> {
  const schema = await schemaProblems(content);
  if (schema.length > 0) return schema;
  const workflow = parse(content) as Workflow;
  const jobs = Object.entries(workflow.jobs ?? {});
  return [
    ...pinProblems(jobs),
    ...permissionProblems(workflow, jobs),
    ...concurrencyProblems(workflow, jobs),
    ...smokeMatrixProblems(jobs, facts),
    ...testScriptProblems(jobs, facts),
    ...engineNodeProblems(jobs),
    ...ciRunProblems(jobs, facts.ciRun),
  ];
}

async function schemaProblems(content: string): Promise<string[]> {
  const result = parseWorkflow({ name: "ci.yml", content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((error) => `schema: ${error.message}`);
  if (errors.length > 0 || !result.value) return errors.length > 0 ? errors : ["schema: the file parsed to nothing"];
  // The conversion checks what the schema cannot: job references, matrix and expression shapes.
  const template = await convertWorkflowTemplate(result.context, result.value);
  return (template.errors ?? []).map((error) => `schema: ${error.Message}`);
}

function pinProblems(jobs: [string, Job][]): string[] {
  return jobs.flatMap(([id, job]) =>
    (job.steps ?? [])
      .filter((step) => step.uses !== undefined && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(step.uses))
      .map((step) => `job \`${id}\`: \`uses: ${step.uses}\` is not pinned to a commit; use \`<action>@<40-hex sha> # <tag>\``),
  );
}

function permissionProblems(workflow: Workflow, jobs: [string, Job][]): string[] {
  const problems: string[] = [];
  if (JSON.stringify(workflow.permissions) !== JSON.stringify({ contents: "read" })) {
    problems.push(`top-level \`permissions\` is \`${JSON.stringify(workflow.permissions)}\`; set exactly \`permissions: { contents: read }\``);
  }
  for (const [id, job] of jobs) {
    if (job.permissions !== undefined) problems.push(`job \`${id}\` sets its own \`permissions\`; the read-only top-level token is all CI needs`);
  }
  return problems;
}

function concurrencyProblems(workflow: Workflow, jobs: [string, Job][]): string[] {
  const group = typeof workflow.concurrency === "string" ? workflow.concurrency : workflow.concurrency?.group;
  const problems = typeof group === "string" && group.length > 0 ? [] : ["no top-level `concurrency.group`; add one (e.g. `ci-${{ github.ref }}`)"];
  for (const [id, job] of jobs) {
    if (job.concurrency !== undefined) problems.push(`job \`${id}\` has its own \`concurrency\`; keep the one top-level group`);
  }
  return problems;
}

function smokeMatrixProblems(jobs: [string, Job][], facts: RepoFacts): string[] {
  const cells = jobs.filter(([, job]) => runs(job).some((run) => run.startsWith("npm run smoke")));
  if (cells.length !== 1) return [`${cells.length} jobs run \`npm run smoke\`; one job must run \`${SMOKE_CELL}\` per matrix cell`];
  const [id, job] = cells[0]!;
  const problems = runs(job).includes(SMOKE_CELL) ? [] : [`job \`${id}\` must run exactly \`${SMOKE_CELL}\``];
  if (job.strategy?.matrix?.exclude !== undefined) problems.push(`job \`${id}\`: \`matrix.exclude\` drops cells; every starter runs on every platform`);
  for (const [axis, expected, where] of [
    ["starter", facts.starters, "the folders under starters/"],
    ["platform", facts.platforms, "the platforms with a host cell in smoke-tests/matrix/hosts/"],
  ] as const) {
    const listed = job.strategy?.matrix?.[axis];
    const got = Array.isArray(listed) ? listed.map(String).sort() : [];
    const missing = expected.filter((name) => !got.includes(name));
    const extra = got.filter((name) => !expected.includes(name));
    if (missing.length > 0 || extra.length > 0) {
      problems.push(
        `job \`${id}\`: \`matrix.${axis}\` must list ${where} [${[...expected].sort().join(", ")}]` +
          (missing.length > 0 ? `; missing ${missing.join(", ")}` : "") +
          (extra.length > 0 ? `; not there: ${extra.join(", ")}` : ""),
      );
    }
  }
  return problems;
}

/** Each `&&` piece of `npm test` runs in some job; its bare `vitest run` is covered by the jobs' vitest folders together. */
function testScriptProblems(jobs: [string, Job][], facts: RepoFacts): string[] {
  const all = jobs.flatMap(([, job]) => runs(job));
  const filters = all.flatMap((run) => {
    const match = /^npx vitest run\b(.*)$/.exec(run);
    return match
      ? match[1]!
          .trim()
          .split(/\s+/)
          .filter((arg) => arg && !arg.startsWith("-"))
      : [];
  });
  return facts.testScript
    .split("&&")
    .map((piece) => piece.trim())
    .flatMap((piece) => {
      if (piece === "vitest run") {
        return facts.vitestDirs
          .filter((dir) => !filters.some((filter) => dir === filter || dir.startsWith(`${filter}/`)))
          .map((dir) => `\`npm test\` runs the tests in ${dir}/ but no job runs \`npx vitest run ${dir}\``);
      }
      return all.some((run) => run === piece || run.startsWith(`${piece} `)) ? [] : [`\`npm test\` runs \`${piece}\` but no job does`];
    });
}

function engineNodeProblems(jobs: [string, Job][]): string[] {
  const engine = jobs.find(([, job]) => runs(job).some((run) => /^npx vitest run .*\bengine\/test\b/.test(run)));
  if (!engine) return [];
  const nodes = engine[1].strategy?.matrix?.node;
  const majors = Array.isArray(nodes) ? nodes.map((version) => String(version).split(".")[0]) : [];
  const setup = (engine[1].steps ?? []).find((step) => step.uses?.startsWith("actions/setup-node@"));
  return ["20", "22"].every((major) => majors.includes(major)) && setup?.with?.["node-version"] === "${{ matrix.node }}"
    ? []
    : [`job \`${engine[0]}\` must run the engine tests on Node 20 and 22 (\`matrix.node\` and \`node-version: \${{ matrix.node }}\`)`];
}

/** .ci/run runs the README's `npm test`, the whole matrix and the doc check; the workflow runs the same installs and check. */
function ciRunProblems(jobs: [string, Job][], ciRun: string): string[] {
  const script = ciRun
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const problems = ["npm test", "npm run smoke", DOC_CHECK].filter((command) => !script.includes(command)).map((command) => `.ci/run must run \`${command}\` on a line of its own`);
  const all = jobs.flatMap(([, job]) => runs(job));
  if (!all.includes(DOC_CHECK)) problems.push(`no job runs \`${DOC_CHECK}\`, which .ci/run runs`);
  const installs = (lines: string[]) => lines.flatMap((line) => /npm ci --prefix (\S+)/.exec(line)?.[1] ?? []);
  const here = installs(script);
  const there = installs(all);
  for (const prefix of here.filter((p) => !there.includes(p))) problems.push(`.ci/run installs \`${prefix}\` but no job does`);
  for (const prefix of there.filter((p) => !here.includes(p))) problems.push(`a job installs \`${prefix}\` but .ci/run does not`);
  return problems;
}

function runs(job: Job): string[] {
  return (job.steps ?? []).flatMap((step) => (typeof step.run === "string" ? step.run.split(/\n|&&/).map((command) => command.trim()) : []));
}
