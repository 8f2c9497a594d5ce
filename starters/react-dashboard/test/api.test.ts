import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuilt, type BuiltServer } from "edgeplate/testing";

const root = join(import.meta.dirname, "..");
const valid = { amount: "12.50", category: "Meals", date: "2024-02-29", note: "" };

// Requests no form would send, straight to the built node-server output.
describe("react-dashboard's expense API, built for node-server", () => {
  let server: BuiltServer;
  beforeAll(async () => {
    server = await startBuilt(root, { platform: "node-server" });
  });
  afterAll(() => server?.stop());

  const post = (body: object) =>
    fetch(`${server.url}/api/expenses`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...valid, ...body }) });

  it.each([
    // Number() turns these into amounts: true → 1, "0x10" → 16, "1e3" → 1000, [5] → 5, null → 0.
    { amount: true },
    { amount: "0x10" },
    { amount: "1e3" },
    { amount: "Infinity" },
    { amount: [5] },
    { amount: null },
    { amount: " " },
  ])("refuses the amount $amount with a field error", async (body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toMatchObject({ message: "Some fields need fixing.", data: { fields: { amount: "Enter an amount, like 12.50." } } });
  });

  // Date.parse reads 2024-02-31 as March 2.
  it.each(["2024-02-31", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10"])("refuses %s, a day not on the calendar", async (date) => {
    const res = await post({ date });
    expect(res.status).toBe(400);
    expect((await res.json()).data.fields).toEqual({ date: "That day is not on the calendar." });
  });

  it("stores amounts in cents from a decimal string or a JSON number, and nothing it refused", async () => {
    const added = [];
    for (const body of [{ amount: "12.50" }, { amount: 0.1, date: "2024-03-01" }, { amount: " 7 ", date: "2023-12-31" }]) {
      const res = await post(body);
      expect(res.status).toBe(201);
      added.push((await res.json()).expense);
    }
    expect(added.map((e) => [e.amount, e.date])).toEqual([
      [1250, "2024-02-29"],
      [10, "2024-03-01"],
      [700, "2023-12-31"],
    ]);
    const { expenses } = await (await fetch(`${server.url}/api/expenses?limit=100`)).json();
    expect(expenses.map((e: { id: string }) => e.id).sort()).toEqual(added.map((e) => e.id).sort());
  });
});
