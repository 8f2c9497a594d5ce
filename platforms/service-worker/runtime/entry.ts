// Runs the app inside the browser's service worker: `fetch` events for the app's routes are answered
// by `app.fetch`, in the browser, also offline; everything else (public files, other origins) goes to
// the network as if there were no worker.
import { matchRoute, useApp } from "edgeplate/platform";

// The few ServiceWorkerGlobalScope members used here (the repository's lib has no WebWorker types).
interface FetchEvent extends Event {
  request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
declare const self: {
  location: { origin: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
};

const app = useApp();

// A new worker takes over at once, and the open pages with it, so an update needs no second reload.
self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Not answering lets the browser fetch from the network: other origins and paths no route owns.
  if (url.origin !== self.location.origin || !matchRoute(request.method, url.pathname)) return;
  event.respondWith(Promise.resolve(app.fetch(request)));
});
