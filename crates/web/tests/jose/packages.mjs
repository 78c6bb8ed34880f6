// Where the npm packages of the credential checks (jose, ajv, ajv-formats) are installed:
// LATTICE_JOSE_DIR (a folder with node_modules/, where scripts/test installs them into
// target/jose), else beside these scripts, else the workspace's target/jose.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/// A `require` that resolves from the first folder holding `name`; throws naming the folders
/// tried when none does.
export function requireFor(name) {
  const candidates = [
    process.env.LATTICE_JOSE_DIR,
    here,
    resolve(here, "../../../../target/jose"),
  ].filter(Boolean);
  for (const dir of candidates) {
    if (existsSync(join(dir, "node_modules", name, "package.json"))) {
      return createRequire(join(dir, "package.json"));
    }
  }
  throw new Error(`${name} is not installed in any of: ${candidates.join(", ")}`);
}
