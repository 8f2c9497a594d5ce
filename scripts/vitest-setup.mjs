// Tests build apps against the packages' dist/ (what users install): rebuild what is stale first.
import { buildPackages } from "./build-packages.mjs";

export default function setup() {
  buildPackages({ ifStale: true });
}
