import type { H3Event } from "h3";
import { createRouteRulesMatcher, normalizeRouteRules, type MatchResult, type RouteRulesMatcher } from "h3/rules";
import { routeRules } from "#edgeplate/app-config";

let matcher: RouteRulesMatcher | undefined;

/**
 * The route rules that apply to a request, merged from every matching pattern (build-time ones such
 * as `prerender` and `isr` included), as Nitro's `getRouteRules`: `routeRules` holds the merged
 * options by rule name, `routeRuleMiddleware` the runtime rules' middleware.
 * @example
 * const { routeRules } = getRouteRules(event);
 * if (routeRules.cache) ...
 * getRouteRules("GET", "/blog/intro");
 */
export function getRouteRules(event: H3Event): MatchResult;
export function getRouteRules(method: string, pathname: string): MatchResult;
export function getRouteRules(eventOrMethod: H3Event | string, pathname?: string): MatchResult {
  matcher ??= createRouteRulesMatcher(normalizeRouteRules(routeRules));
  if (typeof eventOrMethod === "string") return matcher(eventOrMethod, pathname ?? "/");
  return matcher(eventOrMethod.req.method, eventOrMethod.url.pathname);
}
