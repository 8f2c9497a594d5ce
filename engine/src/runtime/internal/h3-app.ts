import { H3Core, type H3Event, type Middleware } from "h3";
import { findRoute } from "#edgeplate/routes";

/**
 * h3 with the route table compiled at build time instead of a router built at start-up.
 * `use()` is all plugins need; routes come from files.
 */
export class EdgeplateH3 extends H3Core {
  override "~findRoute"(event: H3Event) {
    const { method } = event.req;
    const match = findRoute(method, event.url.pathname);
    return match === undefined && method === "HEAD" ? findRoute("GET", event.url.pathname) : match;
  }

  /** Adds a global middleware (after the ones registered so far). */
  use(middleware: Middleware): this {
    this["~middleware"].push(middleware);
    this["~dispatch"] = this["~composed"] = undefined;
    return this;
  }
}
