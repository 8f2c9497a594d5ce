// Calls the route types must reject. Each line is marked `// TS<code> <text>`: the error code
// TypeScript 5.9 and 7 must report on that line and a piece of its message (route-types.test.ts
// compiles this file with both and compares). No other line may have an error.
import { $fetch } from "edgeplate";
import { $fetch as clientFetch } from "edgeplate/client";

declare const id: string;

export async function wrongCalls(): Promise<void> {
  await $fetch("/api/nope"); // TS2769 no GET route matches '/api/nope'
  await clientFetch("/api/helo"); // TS2769 no GET route matches '/api/helo'
  await $fetch(`/api/nope/${id}`); // TS2769 no GET route matches '/api/nope/${string}'
  await $fetch("/api/users/1", { method: "DELETE" }); // TS2769 no DELETE route matches '/api/users/1'
  await $fetch("/api/todos"); // TS2769 no GET route matches '/api/todos'
  await $fetch("/api/todos", { method: "POST", query: { list: "home" } }); // TS2769 Property 'body' is missing
  await $fetch("/api/todos", { method: "POST", body: { title: 1 }, query: { list: "home" } }); // TS2769 Type 'number' is not assignable to type 'string'
  await $fetch("/api/notes", { method: "POST", body: { txt: "abc" } }); // TS2769 'txt' does not exist
  await $fetch("/api/todos", { method: "POST", body: { title: "x" } }); // TS2769 Property 'query' is missing
  await $fetch("/api/todos", { method: "POST", body: { title: "x" }, query: { list: 1 } }); // TS2769 Type 'number' is not assignable to type 'string'
  const hello = await $fetch("/api/hello");
  void hello.goodbye; // TS2339 'goodbye' does not exist
  const user = await $fetch(`/api/users/${id}`);
  const n: number = user.id; // TS2322 Type 'string' is not assignable to type 'number'
  void n;
}
