// The WebSocket checks every host with WebSockets runs (engine/test/websocket.test.ts): echo,
// broadcast, a refused upgrade, and clients misbehaving without taking the server or the other
// clients down. Against the `fixtures/websocket` app.
import { expect } from "vitest";
import { frame, openSocket } from "./ws-client.ts";

/**
 * `pubsub: false` on Cloudflare: crossws's workerd adapter publishes only through Durable Objects
 * (out of scope), so there `publish` reaches nobody and the test asserts exactly that.
 */
export async function checkWebSockets(baseUrl: string, fetchPath: (path: string) => Promise<Response>, { pubsub = true } = {}): Promise<void> {
  const ws = baseUrl.replace(/^http/, "ws");
  const step = (name: string) => process.env.WS_DEBUG && console.log("[ws step]", name);
  // Echo.
  const echo = await openSocket(`${ws}/echo`);
  expect(echo.status).toBe(101);
  echo.send("hi");
  expect(await echo.next()).toBe("echo:hi");

  step("echo done");
  // Broadcast: a publishes, b and c receive, a gets only its own confirmation.
  const [a, b, c] = await Promise.all([openSocket(`${ws}/chat`), openSocket(`${ws}/chat`), openSocket(`${ws}/chat`)]);
  for (const peer of [a, b, c]) expect(await peer.next()).toBe("welcome");
  a.send("hello all");
  expect(await a.next()).toBe("sent:hello all");
  if (pubsub) {
    const [fromB, fromC] = [await b.next(), await c.next()];
    expect(fromB).toMatch(/^.{4}:hello all$/);
    expect(fromC).toBe(fromB);
  } else {
    await expect(b.next(1_000)).rejects.toThrow("no message");
  }

  step("broadcast done");
  // The upgrade hook refuses without the token (401), lets the token through.
  const refused = await openSocket(`${ws}/private`);
  expect(refused.status).toBe(401);
  refused.close();
  const allowed = await openSocket(`${ws}/private?token=letmein`);
  expect(allowed.status).toBe(101);
  expect(await allowed.next()).toBe("authorized");
  allowed.close();

  step("upgrade done");
  // Garbage instead of frames: that client goes, nobody else does.
  const garbage = await openSocket(`${ws}/echo`);
  garbage.raw.write(Buffer.from("this is not a websocket frame \u0000\u00ff\u00fe".repeat(50)));
  // A 10 MB frame.
  const big = await openSocket(`${ws}/echo`);
  big.send("x".repeat(10 * 1024 * 1024));
  big.send("size");
  const bigAnswer = await big.next(20_000).catch((error: Error) => error.message);
  step(`big: ${bigAnswer.slice(0, 40)} closed=${big.closed()}`);
  // Disconnects mid-message: a frame announcing 1 MB, 1 KB of it sent, then the socket is gone.
  const cut = await openSocket(`${ws}/echo`);
  cut.raw.write(frame(Buffer.alloc(1024 * 1024, 97)).subarray(0, 1024));
  cut.close();
  // The server answers a 10 MB frame (with its size) or closes that one connection; either way it lives on.
  expect(bigAnswer === `size:${10 * 1024 * 1024}` || big.closed()).toBe(true);

  step("misbehaving done");
  // Everyone else keeps their connection, and the server keeps answering.
  b.send("still here");
  expect(await b.next()).toBe("sent:still here");
  step("b still here");
  if (pubsub) expect(await a.next()).toMatch(/:still here$/);
  echo.send("after");
  expect(await echo.next()).toBe("echo:after");
  step("echo after");
  expect(await (await fetchPath("/hello")).json()).toEqual({ hello: "world" });
  // A peer that goes away: the close hook runs and the room hears of it.
  c.close();
  if (pubsub) expect(await b.next()).toMatch(/^.{4}:left$/);
  const fresh = await openSocket(`${ws}/echo`);
  step("fresh");
  fresh.send("new");
  expect(await fresh.next()).toBe("echo:new");
  for (const s of [echo, a, b, garbage, big, fresh]) s.close();
}
