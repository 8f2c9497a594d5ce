// No imports on purpose: the client bundles this file too, for the form's choices.
export const CATEGORIES = ["Software", "Hardware", "Travel", "Meals", "Office", "Marketing"] as const;
export type Category = (typeof CATEGORIES)[number];
