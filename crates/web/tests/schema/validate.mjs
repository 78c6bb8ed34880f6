// Checks credentials against the official Open Badges 3.0 JSON Schema for
// AchievementCredential (stored beside this script; README.md gives its source) with the npm
// `ajv` validator (draft 2019-09) and `ajv-formats` (the schema's `date-time`, `uri`, ...).
//
//   node validate.mjs [JWT | JSON | FILE | -]
//
// Takes a VC-JWT (its payload is the credential; the signature is verify.mjs's business) or
// the credential as JSON, from the argument, a file, or standard input. Prints one JSON object;
// exits 0 when the credential conforms, 1 with the schema's `errors` otherwise, 2 on bad
// usage, 3 when ajv is missing.
//
// ajv is looked up as ../jose/packages.mjs says (LATTICE_JOSE_DIR, else target/jose, where
// scripts/test installs it beside jose).

import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { requireFor } from "../jose/packages.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA = join(here, "ob_v3p0_achievementcredential_schema.json");

function done(code, result) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(code);
}

function loadAjv() {
  try {
    const require = requireFor("ajv");
    return { Ajv2019: require("ajv/dist/2019").default, addFormats: require("ajv-formats").default };
  } catch (error) {
    done(3, { valid: false, reason: error.message });
  }
}

async function readInput(arg) {
  if (arg && arg !== "-") return existsSync(arg) ? readFile(arg, "utf8") : arg;
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/// The credential in a VC-JWT is its payload; anything starting with `{` is the JSON itself.
function credentialOf(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return JSON.parse(trimmed);
  const parts = trimmed.split(".");
  if (parts.length !== 3) throw new Error("neither JSON nor a compact JWS (three parts)");
  return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
}

const args = process.argv.slice(2);
if (args.length > 1) done(2, { valid: false, reason: "give one credential" });
const { Ajv2019, addFormats } = loadAjv();
let credential;
try {
  credential = credentialOf(await readInput(args[0]));
} catch (error) {
  done(1, { valid: false, reason: `not a credential: ${error.message}` });
}
const schema = JSON.parse(await readFile(SCHEMA, "utf8"));
// strict: false because the schema carries `$comment`-style annotations and draft-2019
// keywords ajv's strict mode reports as unknown; the validation itself is the standard one.
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
if (validate(credential)) done(0, { valid: true, schema: schema.$id });
done(1, {
  valid: false,
  reason: "the credential does not conform to the OB 3.0 AchievementCredential schema",
  errors: validate.errors.map((e) => ({ at: e.instancePath, problem: e.message, params: e.params })),
});
