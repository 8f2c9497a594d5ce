// `npm run platforms:doc [-- --check] [-- --from <matrix.json>]`: writes infra/PLATFORMS.md from the
// platform definitions and the last smoke run. A fresh run (smoke-tests/.results/matrix.json) is
// merged into the committed copy, infra/smoke-results.json, cell by cell (a partial run replaces
// only its own cells); `--check` regenerates from the committed copy alone and fails when the file
// differs, so CI's answer never depends on a local run.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { defineCommand, runMain } from "citty";
import { format, resolveConfig } from "prettier";
import { buildPackages } from "./build-packages.mjs";
import { platformsTable } from "./platforms-doc-table.mjs";

const root = join(import.meta.dirname, "..");
const DOC = join(root, "infra/PLATFORMS.md");
const COMMITTED = join(root, "infra/smoke-results.json");
const FRESH = join(root, "smoke-tests/.results/matrix.json");

const command = defineCommand({
  meta: {
    name: "platforms:doc",
    description: "Write infra/PLATFORMS.md from platforms/*/preset.ts and the smoke matrix's results (merged into infra/smoke-results.json).",
  },
  args: {
    check: { type: "boolean", description: "Regenerate from infra/smoke-results.json and fail if infra/PLATFORMS.md differs; writes nothing" },
    from: { type: "string", description: "The smoke run to merge in (default: smoke-tests/.results/matrix.json, when it exists)" },
    doc: { type: "string", description: "The file to write or check (default: infra/PLATFORMS.md)" },
    results: { type: "string", description: "The recorded results it reads and merges into (default: infra/smoke-results.json)" },
  },
  async run({ args }) {
    buildPackages({ ifStale: true });
    const doc = args.doc ?? DOC;
    const committed = args.results ?? COMMITTED;
    if (args.check) return check(doc, committed);
    const from = args.from ?? (existsSync(FRESH) ? FRESH : undefined);
    if (from) await mergeResults(from, committed);
    else console.log(`[edgeplate] [platforms:doc] no smoke run at ${rel(FRESH)}; using ${rel(committed)} as it is`);
    writeFileSync(doc, await render(committed));
    console.log(`[edgeplate] [platforms:doc] wrote ${rel(doc)}`);
  },
});

async function render(committed) {
  const platforms = await Promise.all(
    readdirSync(join(root, "platforms"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map(async ({ name }) => ({
        name,
        preset: (await import(pathToFileURL(join(root, "platforms", name, "dist/preset.js")).href)).default,
        // The matrix runs a platform when it has a host cell (smoke-tests/matrix/hosts/<name>.ts).
        inMatrix: existsSync(join(root, "smoke-tests/matrix/hosts", `${name}.ts`)),
      })),
  );
  const results = existsSync(committed) ? readResults(committed) : null;
  return platformsTable({ platforms: platforms.sort((a, b) => a.name.localeCompare(b.name)), results });
}

async function check(doc, committed) {
  const expected = (await render(committed)).split("\n");
  const actual = existsSync(doc) ? readFileSync(doc, "utf8").split("\n") : [];
  const line = expected.findIndex((text, i) => text !== actual[i]);
  const at = line === -1 ? (actual.length === expected.length ? -1 : expected.length) : line;
  if (at === -1) return console.log(`[edgeplate] [platforms:doc] ${rel(doc)} is up to date`);
  const clip = (text) => (text === undefined ? "(nothing)" : `\`${text.length > 80 ? `${text.slice(0, 80)}…` : text}\``);
  console.error(
    `[edgeplate] [platforms:doc] ${rel(doc)} is stale at line ${at + 1}: has ${clip(actual[at])}, expected ${clip(expected[at])}. Run \`npm run platforms:doc\` and commit the file.`,
  );
  process.exitCode = 1;
}

/**
 * Cells of `from` replace the committed copy's cells of the same starter × platform, unless they are
 * the same measurement again or come from an older results file (`recordedFrom`: its `startedAt`).
 */
async function mergeResults(from, into) {
  const fresh = readResults(from);
  const committed = existsSync(into) ? readResults(into) : { version: 1, cells: [] };
  const key = (cell) => `${cell.starter}\0${cell.platform}`;
  const cells = new Map(committed.cells.map((cell) => [key(cell), cell]));
  let taken = 0;
  for (const cell of fresh.cells) {
    const stamped = { ...cell, failures: (cell.failures ?? []).map(summary), recordedFrom: cell.recordedFrom ?? fresh.startedAt, node: cell.node ?? fresh.node };
    const old = cells.get(key(cell));
    // The runner keeps cells it did not rerun, unstamped: the same cell again keeps its own date.
    if (old && (old.recordedFrom > stamped.recordedFrom || sameMeasurement(old, stamped))) continue;
    cells.set(key(cell), stamped);
    taken++;
  }
  const latest = [...cells.values()].reduce((a, b) => (b.recordedFrom > a.recordedFrom ? b : a));
  const merged = { version: 1, node: latest.node, startedAt: latest.recordedFrom, cells: [...cells.values()] };
  writeFileSync(into, await format(JSON.stringify(merged), { ...(await resolveConfig(COMMITTED)), parser: "json" }));
  console.log(`[edgeplate] [platforms:doc] ${rel(into)}: ${taken} of ${fresh.cells.length} cells from ${rel(from)} (${merged.cells.length} in all)`);
}

/** A failure's first line, bounded: the runner's messages may carry a host's whole output (the run's own matrix.md has it). */
function summary(failure) {
  const line = String(failure).split("\n")[0].trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function sameMeasurement(a, b) {
  const strip = ({ recordedFrom: _at, node: _node, ...cell }) => JSON.stringify(cell);
  return strip(a) === strip(b);
}

function readResults(file) {
  let results;
  try {
    results = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${rel(file)} is not readable JSON (${error.message.split("\n")[0]}); run \`npm run smoke\` again or restore it from git.`);
  }
  if (results?.version !== 1 || !Array.isArray(results.cells)) {
    fail(`${rel(file)} is not a smoke matrix result (expected \`{ "version": 1, "cells": [...] }\`); run \`npm run smoke\` to write one.`);
  }
  return results;
}

function fail(message) {
  console.error(`[edgeplate] [platforms:doc] ${message}`);
  process.exit(1);
}

function rel(file) {
  return relative(process.cwd(), file) || ".";
}

await runMain(command);
