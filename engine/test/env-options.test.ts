import { afterEach, describe, expect, it } from "vitest";
import { resolveEnvOptions, type EnvOptionsTarget } from "../src/runtime/config/env-options.ts";
import { setRuntimeEnv } from "../src/runtime/config/env.ts";
import { warnOfBundledSecrets } from "../src/build/bundled-secrets.ts";
import { logger } from "../src/build/logger.ts";

// The naming rule for storage and database options read at run time (docs/contract-changes.md).
const storage = (name: string, siblings = [name]): EnvOptionsTarget => ({ kind: "storage", name, siblings });
const database = (name: string, siblings = [name]): EnvOptionsTarget => ({ kind: "database", name, siblings });

afterEach(() => setRuntimeEnv(process.env));

describe("resolveEnvOptions", () => {
  it("supplies an option the config leaves out: EDGEPLATE_ + kind + name + option", () => {
    setRuntimeEnv({ EDGEPLATE_DATABASE_DEFAULT_URL: "postgres://u:p@db/app", EDGEPLATE_STORAGE_DATA_URL: "redis://cache:6379" });
    expect(resolveEnvOptions({}, database("default"))).toEqual({ url: "postgres://u:p@db/app" });
    expect(resolveEnvOptions({ base: "app" }, storage("data"))).toEqual({ base: "app", url: "redis://cache:6379" });
  });

  it("overrides the config's options, keeping their types, nested ones key by key", () => {
    setRuntimeEnv({ EDGEPLATE_STORAGE_CACHE_MAX: "50", EDGEPLATE_DATABASE_MAIN_SSL_REJECT_UNAUTHORIZED: "false", EDGEPLATE_DATABASE_MAIN_HOST: "db.internal" });
    expect(resolveEnvOptions({ max: 10_000, maxSize: 1024 }, storage("cache"))).toEqual({ max: 50, maxSize: 1024 });
    expect(resolveEnvOptions({ host: "localhost", ssl: { rejectUnauthorized: true } }, database("main"))).toEqual({ host: "db.internal", ssl: { rejectUnauthorized: false } });
  });

  it("names a supplied option in camelCase and keeps its value a string", () => {
    setRuntimeEnv({ EDGEPLATE_DATABASE_DEFAULT_CONNECTION_STRING: "postgres://x", EDGEPLATE_DATABASE_DEFAULT_PASSWORD: "12345" });
    expect(resolveEnvOptions({}, database("default"))).toEqual({ connectionString: "postgres://x", password: "12345" });
  });

  it("turns `:` and `-` in names into `_`, and gives a variable to the longest name it fits", () => {
    setRuntimeEnv({ EDGEPLATE_STORAGE_CACHE_SESSIONS_URL: "redis://sessions", EDGEPLATE_STORAGE_MY_CACHE_URL: "redis://mine", EDGEPLATE_STORAGE_MY_TTL: "60" });
    expect(resolveEnvOptions({}, storage("cache:sessions"))).toEqual({ url: "redis://sessions" });
    expect(resolveEnvOptions({}, storage("my-cache", ["my", "my-cache"]))).toEqual({ url: "redis://mine" });
    // `MY_CACHE_URL` is mount `my-cache`'s, not `cacheUrl` of mount `my`.
    expect(resolveEnvOptions({}, storage("my", ["my", "my-cache"]))).toEqual({ ttl: "60" });
  });

  it("reads the environment when called, so a host's env handed over later counts", () => {
    setRuntimeEnv({});
    expect(resolveEnvOptions({}, storage("data"))).toEqual({});
    setRuntimeEnv({ EDGEPLATE_STORAGE_DATA_BINDING: "KV" });
    expect(resolveEnvOptions({}, storage("data"))).toEqual({ binding: "KV" });
  });

  it("moves `.data/` paths with EDGEPLATE_DATA_DIR, from the config and from the environment", () => {
    setRuntimeEnv({ EDGEPLATE_DATA_DIR: "/var/lib/app/", EDGEPLATE_STORAGE_LOGS_BASE: ".data/logs" });
    expect(resolveEnvOptions({ path: ".data/db.sqlite" }, database("default"))).toEqual({ path: "/var/lib/app/db.sqlite" });
    expect(resolveEnvOptions({}, storage("logs"))).toEqual({ base: "/var/lib/app/logs" });
  });

  it('says which variable to set for an option left `""`, in one line', () => {
    setRuntimeEnv({});
    expect(() => resolveEnvOptions({ url: "" }, database("default"))).toThrow(
      "[edgeplate] [database] database `default` has no `url`. Set `EDGEPLATE_DATABASE_DEFAULT_URL` where the server runs (or give the option a value in edgeplate.config.ts).",
    );
    expect(() => resolveEnvOptions({ tls: { ca: "" } }, storage("cache:sessions"))).toThrow(
      "[edgeplate] [storage] storage mount `cache:sessions` has no `tls.ca`. Set `EDGEPLATE_STORAGE_CACHE_SESSIONS_TLS_CA` where",
    );
    setRuntimeEnv({ EDGEPLATE_DATABASE_DEFAULT_URL: "postgres://x" });
    expect(resolveEnvOptions({ url: "" }, database("default"))).toEqual({ url: "postgres://x" });
  });
});

describe("warnOfBundledSecrets", () => {
  const warnings = (options: Parameters<typeof warnOfBundledSecrets>[0], env: NodeJS.ProcessEnv) => {
    const seen: string[] = [];
    const original = logger.warn;
    logger.warn = ((message: string) => void seen.push(message)) as typeof logger.warn;
    try {
      warnOfBundledSecrets(options, env);
    } finally {
      logger.warn = original;
    }
    return seen;
  };

  it("warns when the config copied a build-time variable into a secret-looking option", () => {
    const env = { DATABASE_URL: "postgres://u:secret@db/app", HOME: "/home/someone" };
    const options = {
      storage: { data: { driver: "fs", base: "/home/someone" } },
      database: { default: { connector: "postgresql", options: { url: "postgres://u:secret@db/app" } } },
    };
    expect(warnings(options, env)).toEqual([
      "[database] option `url` of database `default` is the build's `DATABASE_URL`, so the bundle holds it. Leave it out of edgeplate.config.ts and set `EDGEPLATE_DATABASE_DEFAULT_URL` where the server runs.",
    ]);
  });
});
