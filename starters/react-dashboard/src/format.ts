const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** Cents to a display amount, e.g. 4250 → "$42.50". */
export const formatMoney = (cents: number): string => money.format(cents / 100);

export const formatDay = (day: string): string => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export const localToday = (): string => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};
