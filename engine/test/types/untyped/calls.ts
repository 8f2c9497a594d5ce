// An app without generated route types (no `.edgeplate/`): `$fetch` still compiles, takes any
// path and answers `unknown` unless told otherwise. route-types.test.ts compiles this file.
import { $fetch } from "edgeplate";
import { $fetch as clientFetch } from "edgeplate/client";
import { expectTypeOf } from "vitest";

declare const id: string;

export async function untypedCalls(): Promise<void> {
  expectTypeOf(await $fetch("/api/anything")).toBeUnknown();
  expectTypeOf(await clientFetch(`/api/users/${id}`, { method: "DELETE", body: { any: "thing" } })).toBeUnknown();
  expectTypeOf(await $fetch<{ id: string }>("/api/users/1")).toEqualTypeOf<{ id: string }>();
  expectTypeOf(await $fetch("/api/text", { responseType: "text" })).toEqualTypeOf<string>();
  expectTypeOf((await $fetch.raw("/api/x")).status).toEqualTypeOf<number>();
}
