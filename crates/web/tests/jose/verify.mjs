// An independent verifier for Lattice credentials, written against the standards rather than
// Lattice's code: the npm `jose` library checks the VC-JWT's signature (ES256, or EdDSA for
// credentials signed before ES256) with the key its `kid` names, then each W3C Bitstring
// Status List named in `credentialStatus` is fetched, its own signature checked with jose,
// gunzipped and read at `statusListIndex`.
//
//   node verify.mjs [--jwks URL|FILE] [--issuer URL] [--suspension] [JWT | FILE | -]
//
// The JWT comes from the argument (the token itself or a file holding it) or, without one
// (or with `-`), from standard input.
// Without --jwks the key is fetched from the `kid` when it is a URL under the issuer (OB 3.0:
// the kid dereferences to the JWK), else from `{iss}/jwks.json`; pass --issuer to insist on
// the association you expect. --suspension also reads the issuer's suspension list
// (`{iss}/status/suspension`) at the revocation entry's index, which the credential does not
// name (docs/CREDENTIALS.md). Prints one JSON object; exits 0 only when the signature, the
// dates and every status are good, 1 with a `reason` otherwise, 2 on bad usage.
//
// jose is looked up as packages.mjs says (LATTICE_JOSE_DIR, else target/jose, where
// scripts/test installs it).

import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

import { requireFor } from "./packages.mjs";

async function loadJose() {
  return import(pathToFileURL(requireFor("jose").resolve("jose")).href);
}

function done(code, result) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(code);
}

function fail(reason, extra = {}) {
  done(1, { verified: false, reason, ...extra });
}

function parseArgs(argv) {
  const options = { jwks: null, issuer: null, suspension: false, token: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--jwks" || arg === "--issuer") {
      const value = argv[++i];
      if (!value) done(2, { verified: false, reason: `${arg} needs a value` });
      options[arg.slice(2)] = value;
    } else if (arg === "--suspension") {
      options.suspension = true;
    } else if (arg === "-h" || arg === "--help") {
      done(2, { usage: "node verify.mjs [--jwks URL|FILE] [--issuer URL] [--suspension] [JWT | FILE | -]" });
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

function publicOnly(key, where) {
  if ("d" in key) throw new Error(`${where} publishes private key material (kid ${key.kid})`);
  return key;
}

/// How keys are found: a `getKey(protectedHeader)` for jose, and which JWKs it handed out (to
/// report their thumbprints). With a JWK Set (given, or the issuer's) the key is chosen by
/// `kid`; otherwise a `kid` that is a URL under the issuer is fetched, and must answer the one
/// JWK with that same `kid`.
async function keySource(jose, source, issuer) {
  const used = [];
  if (source === null) {
    const byUrl = async (header) => {
      const kid = header.kid ?? "";
      if (!kid.startsWith(`${issuer}/`)) return null;
      const jwk = publicOnly(JSON.parse(await fetchText(kid, "key")), kid);
      if (jwk.kid !== kid) throw new Error(`${kid} answers a key with another kid (${jwk.kid})`);
      used.push(jwk);
      return jose.importJWK(jwk, header.alg);
    };
    const fallback = await keySet(jose, `${issuer}/jwks.json`, used);
    return {
      used,
      where: "kid",
      getKey: async (header, token) => (await byUrl(header)) ?? fallback.getKey(header, token),
    };
  }
  return keySet(jose, source, used);
}

async function keySet(jose, where, used) {
  const text = /^https?:\/\//.test(where)
    ? await fetchText(where, "JWKS")
    : await readFile(where, "utf8");
  const jwks = JSON.parse(text);
  if (!Array.isArray(jwks.keys)) throw new Error(`${where} is not a JWK Set`);
  jwks.keys.forEach((key) => publicOnly(key, where));
  const local = jose.createLocalJWKSet(jwks);
  return {
    used,
    where,
    getKey: async (header, token) => {
      const key = await local(header, token);
      used.push(jwks.keys.find((k) => k.kid === header.kid));
      return key;
    },
  };
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
    keys = await keySource(jose, options.jwks, issuer);
  } catch (error) {
    fail(`public keys: ${error.message}`);
  }

  // ES256 as OB 3.0 asks; EdDSA for credentials signed before. jose uses a key only with the
  // algorithm of its own type, whatever the header says.
  const algorithms = ["ES256", "EdDSA"];
  const checks = {
    algorithms,
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
  const revocation = entries.find((e) => e.statusPurpose === "revocation");
  if (options.suspension && revocation && !entries.some((e) => e.statusPurpose === "suspension")) {
    entries.push({
      type: "BitstringStatusListEntry",
      statusPurpose: "suspension",
      statusListIndex: revocation.statusListIndex,
      statusListCredential: `${issuer}/status/suspension`,
    });
  }
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
        algorithms,
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

  const signingKey = keys.used[0];
  done(0, {
    verified: true,
    alg: header.alg,
    id: credential.id,
    jti: credential.jti,
    sub: credential.sub,
    subjectId: credential.credentialSubject?.id,
    // Computed here by jose (RFC 7638), to compare with the thumbprint in the kid.
    thumbprint: signingKey ? await jose.calculateJwkThumbprint(signingKey) : null,
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
