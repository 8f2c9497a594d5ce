import type { ScannedRoute } from "../scan.ts";

export interface OpenAPIRoute {
  /** OpenAPI path template: `/users/{id}`, `/files/{path}`. */
  path: string;
  /** Lower-case methods the route answers. */
  methods: string[];
  params: { name: string; catchAll: boolean }[];
}

/** What a route without a method suffix is listed under: it answers every method. */
const ALL_METHODS = ["get", "post", "put", "patch", "delete"];

/**
 * A scanned route in OpenAPI terms. rou3's `:id` becomes `{id}`; a catch-all `**:path` becomes one
 * `{path}` parameter (OpenAPI has no multi-segment parameter, so its description says it may hold
 * slashes) and an unnamed `**` is rou3's `_`.
 */
export function toOpenAPIRoute(route: ScannedRoute): OpenAPIRoute {
  const params: OpenAPIRoute["params"] = [];
  const realName = (name: string) => route.params?.[name] ?? name;
  const path = route.route.replace(/\*\*(?::(\w+))?|\{?:(\w+)\}?/g, (match, catchAll?: string, name?: string) => {
    const param = match.startsWith("**") ? { name: realName(catchAll ?? "_"), catchAll: true } : { name: realName(name!), catchAll: false };
    params.push(param);
    return `{${param.name}}`;
  });
  return { path, methods: route.method ? [route.method.toLowerCase()] : ALL_METHODS, params };
}
