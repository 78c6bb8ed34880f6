// An independent verifier for Lattice credentials, written against the standards rather than
// Lattice's code: the npm `jose` library checks the VC-JWT's EdDSA signature against the
// published JWK Set, then each W3C Bitstring Status List named in `credentialStatus` is
// fetched, its own signature checked with jose, gunzipped and read at `statusListIndex`.
//
//   node verify.mjs [--jwks URL|FILE] [--issuer URL] [JWT | FILE | -]
//
// The JWT comes from the argument (the token itself or a file holding it) or, without one
// (or with `-`), from standard input.
// Without --jwks the keys are fetched from `{iss}/jwks.json`; pass --issuer to insist on
// the association you expect. Prints one JSON object; exits 0 only when the signature, the
// dates and every status are good, 1 with a `reason` otherwise, 2 on bad usage.
//
// jose is looked up in LATTICE_JOSE_DIR (a folder with node_modules/jose), else beside this
// script, else in the workspace's target/jose (where scripts/test installs it).

import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));

async function loadJose() {
  const candidates = [
    process.env.LATTICE_JOSE_DIR,
    here,
    resolve(here, "../../../../target/jose"),
  ].filter(Boolean);
  for (const dir of candidates) {
    if (existsSync(join(dir, "node_modules", "jose", "package.json"))) {
      const entry = createRequire(join(dir, "package.json")).resolve("jose");
      return import(pathToFileURL(entry).href);
    }
  }
  throw new Error(`jose is not installed in any of: ${candidates.join(", ")}`);
}

function done(code, result) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(code);
}

function fail(reason, extra = {}) {
  done(1, { verified: false, reason, ...extra });
}

function parseArgs(argv) {
  const options = { jwks: null, issuer: null, token: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--jwks" || arg === "--issuer") {
      const value = argv[++i];
      if (!value) done(2, { verified: false, reason: `${arg} needs a value` });
      options[arg.slice(2)] = value;
    } else if (arg === "-h" || arg === "--help") {
      done(2, { usage: "node verify.mjs [--jwks URL|FILE] [--issuer URL] [JWT | FILE | -]" });
    } else if (options.token === null) {
      options.token = arg;
    } else {
      done(2, { verified: false, reason: `unexpected argument ${arg}` });
    }
  }
  return options;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

async function fetchText(url, what) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what}: ${url} answered ${response.status}`);
  return response.text();
}

async function keySet(jose, source, issuer) {
  const where = source ?? `${issuer}/jwks.json`;
  const text = /^https?:\/\//.test(where)
    ? await fetchText(where, "JWKS")
    : await readFile(where, "utf8");
  const jwks = JSON.parse(text);
  if (!Array.isArray(jwks.keys)) throw new Error(`${where} is not a JWK Set`);
  for (const key of jwks.keys) {
    if ("d" in key) throw new Error(`${where} publishes private key material (kid ${key.kid})`);
  }
  return { getKey: jose.createLocalJWKSet(jwks), where };
}

/// The bit at `index` of a multibase (u = base64url, no padding) gzipped bitstring; bit 0 is
/// the left-most bit of the first byte.
function bitAt(encodedList, index) {
  if (typeof encodedList !== "string" || !encodedList.startsWith("u")) {
    throw new Error("encodedList is not multibase base64url (prefix u)");
  }
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  if (bytes.length * 8 < 131072) throw new Error("the status list is shorter than 131,072 bits");
  if (index >= bytes.length * 8) throw new Error(`status index ${index} is beyond the list`);
  return (bytes[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const given = options.token && options.token !== "-" ? options.token : null;
  const token = (
    given === null ? await readStdin() : existsSync(given) ? await readFile(given, "utf8") : given
  ).trim();
  if (!token) done(2, { verified: false, reason: "no JWT given" });

  let jose;
  try {
    jose = await loadJose();
  } catch (error) {
    done(3, { verified: false, reason: error.message });
  }

  // Which issuer to trust is the verifier's decision: read it unverified only to find keys.
  let claimed;
  try {
    claimed = jose.decodeJwt(token);
  } catch (error) {
    fail(`not a JWT: ${error.message}`);
  }
  const issuer = options.issuer ?? claimed.iss;
  if (typeof issuer !== "string") fail("the credential names no issuer (iss)");

  let keys;
  try {
    keys = await keySet(jose, options.jwks, issuer);
  } catch (error) {
    fail(`public keys: ${error.message}`);
  }

  const checks = {
    algorithms: ["EdDSA"],
    typ: "vc+jwt",
    issuer,
    requiredClaims: ["iss", "nbf", "exp"],
    clockTolerance: 60,
  };
  let credential, header;
  try {
    ({ payload: credential, protectedHeader: header } = await jose.jwtVerify(token, keys.getKey, checks));
  } catch (error) {
    fail(`signature or dates: ${error.code ?? "ERR"}: ${error.message}`);
  }

  const types = credential.type ?? [];
  if (!types.includes("VerifiableCredential") || !types.includes("OpenBadgeCredential")) {
    fail("not an OpenBadgeCredential");
  }
  const issuerId = typeof credential.issuer === "string" ? credential.issuer : credential.issuer?.id;
  if (issuerId !== issuer) fail(`issuer ${issuerId} differs from iss ${issuer}`);
  const now = Date.now();
  if (credential.validFrom && Date.parse(credential.validFrom) > now + 60_000) {
    fail(`not valid before ${credential.validFrom}`);
  }
  if (credential.validUntil && Date.parse(credential.validUntil) < now - 60_000) {
    fail(`expired on ${credential.validUntil}`);
  }

  const entries = [credential.credentialStatus ?? []].flat();
  if (entries.length === 0) fail("the credential has no credentialStatus to check");
  const statuses = {};
  for (const entry of entries) {
    const purpose = entry.statusPurpose;
    if (entry.type !== "BitstringStatusListEntry") fail(`unknown status type ${entry.type}`);
    const index = Number.parseInt(entry.statusListIndex, 10);
    if (!Number.isSafeInteger(index) || index < 0) fail(`bad statusListIndex ${entry.statusListIndex}`);
    let list;
    try {
      const listJwt = (await fetchText(entry.statusListCredential, "status list")).trim();
      // The list must be signed by the same issuer with the same published keys.
      ({ payload: list } = await jose.jwtVerify(listJwt, keys.getKey, {
        algorithms: ["EdDSA"],
        issuer,
        clockTolerance: 60,
      }));
    } catch (error) {
      fail(`${purpose} status list: ${error.code ?? "ERR"}: ${error.message}`);
    }
    if (!(list.type ?? []).includes("BitstringStatusListCredential")) {
      fail(`${purpose} status list is not a BitstringStatusListCredential`);
    }
    if (list.id !== entry.statusListCredential) fail(`${purpose} status list has another id`);
    const subject = list.credentialSubject ?? {};
    if (subject.statusPurpose !== purpose) {
      fail(`${purpose} status list is for ${subject.statusPurpose}`);
    }
    let set;
    try {
      set = bitAt(subject.encodedList, index);
    } catch (error) {
      fail(`${purpose} status list: ${error.message}`);
    }
    statuses[purpose] = set;
    if (set) fail(`${purpose} status is set: the issuer has ${purpose === "revocation" ? "revoked" : "suspended"} this credential`, { statuses });
  }

  done(0, {
    verified: true,
    id: credential.id,
    issuer: { id: issuerId, name: credential.issuer?.name },
    kid: header.kid,
    jwks: keys.where,
    subject: credential.credentialSubject?.name,
    achievement: credential.credentialSubject?.achievement?.name,
    validFrom: credential.validFrom,
    validUntil: credential.validUntil,
    statuses,
  });
}

main().catch((error) => fail(`unexpected: ${error.message}`));
