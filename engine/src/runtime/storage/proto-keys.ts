import type { Driver } from "unstorage";

// destr's own test for a `"__proto__":` or `"constructor":` key (escaped forms too).
const SUSPECT =
  /"(?:_|\\u0{2}5[Ff]){2}(?:p|\\u0{2}70)(?:r|\\u0{2}72)(?:o|\\u0{2}6[Ff])(?:t|\\u0{2}74)(?:o|\\u0{2}6[Ff])(?:_|\\u0{2}5[Ff]){2}"\s*:|"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

/**
 * A stored value's JSON with a `__proto__` (or `constructor`) key is parsed here, with plain
 * `JSON.parse`, which makes it an own data property and never touches a prototype. Left to
 * unstorage, destr would drop the key and log a warning on every read: a client that got such a
 * key stored would control the log's volume, and the value would come back without it.
 * (Like a request body's, such a key is data: copy it with `structuredClone` or spread, never with
 * `Object.assign` onto an object, which would take it as the prototype.)
 */
export function parseProtoKeys(value: unknown): unknown {
  if (typeof value !== "string" || !SUSPECT.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The driver with its reads passed through `parseProtoKeys`; unstorage's destr keeps parsed values as they are. */
export function protoSafeDriver(driver: Driver): Driver {
  const { getItem, getItems } = driver;
  return {
    ...driver,
    getItem: async (key, opts) => parseProtoKeys(await getItem.call(driver, key, opts)) as never,
    ...(getItems && {
      getItems: async (items, opts) => (await getItems.call(driver, items, opts)).map((item) => ({ ...item, value: parseProtoKeys(item.value) as never })),
    }),
  };
}
