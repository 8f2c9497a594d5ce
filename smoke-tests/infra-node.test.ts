import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DCLinter } from "dclint";
import { createDatabase } from "db0";
import postgresql from "db0/connectors/postgresql";
import type { EdgeplateConfig } from "edgeplate/config";
import { buildAndCopy, freePort, waitForHttp } from "edgeplate/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";

// infra/node/compose.yaml without Docker: the app built with the file's build-time choices, its two
// instances as two `node .output/server/index.mjs` with the file's environment, and the local Redis
// and Postgres standing in for its `redis` and `postgres` services. What changes, and why: service
// hosts become the local services' (REDIS_URL, DATABASE_URL), each instance gets a free port and a
// temp EDGEPLATE_DATA_DIR (in compose each has its own container and volume), and both share a cache
// `base` of this run's own, so entries of an earlier run are no HIT here and the cleanup finds them.
// The proxy is not run.
const infra = join(import.meta.dirname, "../infra/node");
const fixture = join(import.meta.dirname, "fixtures/two-instances");
const TABLE = "edgeplate_two_instances"; // the fixture's (server/rows.ts)
const CACHE_BASE = `edgeplate-infra-node-${process.pid}-${Date.now().toString(36)}`;

interface Compose {
  "x-edgeplate-config": EdgeplateConfig;
  services: Record<string, { image?: string; environment?: Record<string, string> }>;
}
const compose = parse(readFileSync(join(infra, "compose.yaml"), "utf8"), { merge: true }) as Compose;
const local = { redis: process.env.REDIS_URL, postgres: process.env.DATABASE_URL };
const missing = Object.entries({ REDIS_URL: local.redis, DATABASE_URL: local.postgres }).flatMap(([name, value]) => (value ? [] : name));
if (missing.length > 0) {
  console.log(`[infra-node.test] SKIPPED: ${missing.join(" and ")} not set (.ci/run and CI set them, e.g. REDIS_URL=redis://127.0.0.1:6379).`);
}

/** An instance's environment from compose.yaml, its service URLs pointed at the local services. */
function instanceEnv(service: string, port: number, dataDir: string): Record<string, string> {
  const env = compose.services[service]?.environment;
  if (!env) throw new Error(`infra/node/compose.yaml has no \`services.${service}.environment\`; the test runs app1 and app2 from it`);
  const rewritten = Object.entries(env).map(([name, value]) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    const image = url && compose.services[url.hostname]?.image;
    if (!url || !image) return [name, value];
    const to = image.startsWith("redis") ? local.redis : image.startsWith("postgres") ? local.postgres : undefined;
    if (!to) throw new Error(`${name} points at service \`${url.hostname}\` (${image}), which this test has no local stand-in for`);
    url.host = new URL(to).host;
    return [name, url.href];
  });
  return { ...Object.fromEntries(rewritten), EDGEPLATE_PORT: String(port), EDGEPLATE_DATA_DIR: dataDir, EDGEPLATE_STORAGE_CACHE_BASE: CACHE_BASE };
}

interface Instance {
  url: string;
  env: Record<string, string>;
  child: ChildProcess;
  output: () => string;
}

async function startInstance(dir: string, service: string): Promise<Instance> {
  const env = instanceEnv(service, await freePort(), mkdtempSync(join(tmpdir(), `edgeplate-${service}-data-`)));
  let log = "";
  const child = spawn(process.execPath, [".output/server/index.mjs"], { cwd: dir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${env.EDGEPLATE_PORT}`;
  await waitForHttp(url, { child, output: () => log });
  return { url, env, child, output: () => log };
}

function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    instance.child.once("exit", () => resolve());
    instance.child.kill("SIGTERM");
  });
}

/** The Redis the instances' `cache` mount uses (the rewritten URL), for checks and cleanup. */
async function withRedis<T>(fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(instanceEnv("app1", 0, "").EDGEPLATE_STORAGE_CACHE_URL!, { lazyConnect: true });
  try {
    await redis.connect();
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

/** Removes what the test made in the shared services, at the URLs the instances use: the cache entries and the table. */
async function cleanServices(): Promise<void> {
  await withRedis(async (redis) => {
    const keys = await redis.keys(`${CACHE_BASE}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  const db = createDatabase(postgresql({ url: instanceEnv("app1", 0, "").EDGEPLATE_DATABASE_DEFAULT_URL! }));
  try {
    await db.exec(`DROP TABLE IF EXISTS ${TABLE}`);
  } finally {
    await db.dispose();
  }
}

describe("infra/node/compose.yaml", () => {
  // The compose-spec schema and dclint's practices; ports in double quotes, as prettier writes them.
  const linter = new DCLinter({ rules: { "require-quotes-in-ports": [2, { quoteType: "double" }] }, quiet: false, debug: false, exclude: [] });
  const problems = (file: string) => linter.lintFiles([file], false).flatMap((result) => result.messages.map((m) => `${m.line}: ${m.rule}: ${m.message}`));

  test("passes dclint: the compose-spec schema and its best practices", () => {
    expect(problems(join(infra, "compose.yaml"))).toEqual([]);
  });

  test("a misspelled key fails that check", () => {
    const dir = mkdtempSync(join(tmpdir(), "edgeplate-compose-"));
    try {
      const broken = join(dir, "compose.yaml");
      writeFileSync(
        broken,
        readFileSync(join(infra, "compose.yaml"), "utf8").replace('    healthcheck: { test: ["CMD", "redis-cli"', '    heathcheck: { test: ["CMD", "redis-cli"'),
      );
      expect(problems(broken).join("\n")).toMatch(/invalid-schema/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(missing.length > 0)("infra/node: two instances sharing Redis and Postgres (compose.yaml without Docker)", () => {
  let dir: string;
  let app1: Instance;
  let app2: Instance;

  beforeAll(async () => {
    await cleanServices();
    dir = await buildAndCopy(fixture, { platform: "node-server", overrides: compose["x-edgeplate-config"] });
    [app1, app2] = await Promise.all([startInstance(dir, "app1"), startInstance(dir, "app2")]);
  });

  afterAll(async () => {
    await Promise.all([stopInstance(app1), stopInstance(app2)]);
    await cleanServices();
    for (const instance of [app1, app2]) if (instance) rmSync(instance.env.EDGEPLATE_DATA_DIR!, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a cached entry made through one instance is a HIT through the other", async () => {
    const first = await fetch(`${app1.url}/api/cached`);
    expect(first.headers.get("x-cache"), app1.output()).toBe("MISS");
    const made = (await first.json()) as { madeBy: number };
    expect(made.madeBy).toBe(app1.child.pid);
    const second = await fetch(`${app2.url}/api/cached`);
    expect(second.headers.get("x-cache"), app2.output()).toBe("HIT");
    expect(await second.json()).toEqual(made);
    // The entry is in Redis (under this run's base), not in something else the two happen to share.
    expect(await withRedis((redis) => redis.keys(`${CACHE_BASE}:*`))).not.toEqual([]);
  });

  test("a row written through one instance is read through the other", async () => {
    const text = `row-${Date.now().toString(36)}`;
    const written = await fetch(`${app1.url}/api/rows`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
    expect(written.status, app1.output()).toBe(200);
    const read = (await (await fetch(`${app2.url}/api/rows`)).json()) as { rows: { text: string; written_by: number }[]; readBy: number };
    expect(read.readBy).toBe(app2.child.pid);
    expect(read.rows).toContainEqual({ text, written_by: app1.child.pid });
  });

  test("the Dockerfile's HEALTHCHECK passes against a running instance and fails with none", async () => {
    const healthcheck = /^HEALTHCHECK .*\\\n\s*CMD (\[.*\])$/m.exec(readFileSync(join(infra, "Dockerfile"), "utf8"));
    expect(healthcheck, 'infra/node/Dockerfile has no `HEALTHCHECK … CMD ["node", …]`').not.toBeNull();
    const [command, ...args] = JSON.parse(healthcheck![1]!) as string[];
    expect(command).toBe("node");
    const run = (port: string) => spawnSync(process.execPath, args, { env: { ...process.env, EDGEPLATE_PORT: port }, timeout: 10_000 }).status;
    expect(run(app1.env.EDGEPLATE_PORT!)).toBe(0);
    expect(run(String(await freePort()))).toBe(1);
  });
});
