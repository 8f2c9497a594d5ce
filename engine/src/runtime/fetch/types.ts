// The typed `$fetch` signature shared by the server (`edgeplate`) and browser (`edgeplate/client`)
// entries. Owned by the route-types work: it becomes the fetchdts-based signature fed by the
// generated `.edgeplate/types/`. Until then it is ofetch's own untyped signature.
import type { $Fetch } from "ofetch";

export type EdgeplateFetch = $Fetch;
