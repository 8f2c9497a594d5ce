import { HTTPError, type H3Event } from "edgeplate";
import { getCookie, setCookie } from "edgeplate/h3";
import { useStorage } from "edgeplate/storage";
import { parseRange, type Range } from "./summary.ts";

export const THEMES = ["system", "light", "dark"] as const;

export interface Preferences {
  days: Range;
  theme: (typeof THEMES)[number];
}

const DEFAULTS: Preferences = { days: 30, theme: "system" };
const COOKIE = "dashboard_uid";
const preferences = () => useStorage<Preferences>("data:preferences");

/** The viewer's id: an opaque random cookie, created on first visit (no account needed). */
function viewerId(event: H3Event): string {
  const existing = getCookie(event, COOKIE);
  if (existing && /^[\w-]{36}$/.test(existing)) return existing;
  const id = crypto.randomUUID();
  setCookie(event, COOKIE, id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365, secure: event.url.protocol === "https:" });
  return id;
}

export async function getPreferences(event: H3Event): Promise<Preferences> {
  return { ...DEFAULTS, ...(await preferences().getItem(viewerId(event))) };
}

export async function savePreferences(event: H3Event, input: unknown): Promise<Preferences> {
  const data = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const current = await getPreferences(event);
  const days = data.days === undefined ? current.days : parseRange(data.days);
  const theme = data.theme === undefined ? current.theme : THEMES.find((t) => t === data.theme);
  if (!days || !theme) {
    const fields = { ...(!days && { days: "Pick 7, 30 or 90 days." }), ...(!theme && { theme: `Pick one of: ${THEMES.join(", ")}.` }) };
    throw new HTTPError({ status: 400, message: "Some preferences are not valid.", data: { fields } });
  }
  const next = { days, theme };
  await preferences().setItem(viewerId(event), next);
  return next;
}
