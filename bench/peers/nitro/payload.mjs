// The same object every server in the bench sends (bench/fixture/payload.ts).
export const payload = { hello: "world", id: 42, tags: ["fast", "small", "portable"], nested: { ok: true, count: 3 } };
