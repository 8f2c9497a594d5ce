/** What `GET /api/greeting` answers. */
export interface Greeting {
  message: string;
  /** How the request reached the API: `in-process` for the server's own `$fetch` during rendering. */
  via: "in-process" | "network";
}

/** What `/api/clicks` answers. */
export interface Clicks {
  count: number;
}

/** The data the server rendered the page with, handed to the browser for hydration. */
export interface PageState {
  greeting: Greeting;
  clicks: Clicks;
  path: string;
}
