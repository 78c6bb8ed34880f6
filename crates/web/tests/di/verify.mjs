// An independent verifier for the embedded Data Integrity proof of Lattice credentials, built
// from the libraries behind the Digital Credentials Consortium's verifier and the Learner
// Credential Wallet: `@digitalbazaar/vc` (verifyCredential: dates, issuer, proof purpose),
// `@digitalbazaar/data-integrity` with `@digitalbazaar/eddsa-rdfc-2022-cryptosuite` (the
// proof), which load the key through the proof's `verificationMethod` (a Multikey document,
// `@digitalbazaar/ed25519-multikey`) and check, with `jsonld-signatures`, that the issuer's
// controller document lists it under `assertionMethod`.
//
//   node verify.mjs [--issuer URL] [CREDENTIAL.json | JSON | -]
//
// The document loader never reaches the internet: JSON-LD contexts come from the copies
// stored in crates/credentials/contexts (index.json maps their URLs) and from the security contexts
// the verifier libraries ship (jsonld-signatures frames the controller document with
// https://w3id.org/security/v2); key and controller documents are fetched only from the
// credential's issuer's origin (the test server on loopback), asking for JSON-LD. Any other
// URL fails the verification, naming it.
//
// The credential's revocation status (a Bitstring Status List, served as a VC-JWT) is read
// too: the list's signature checked with jose by the key its `kid` names, then the bit at
// `statusListIndex`. --issuer insists on the association expected. Prints one JSON object;
// exits 0 only when the proof, the dates and the status are good, 1 with a `reason`
// otherwise, 2 on bad usage.
//
// The npm packages are looked up as ../jose/packages.mjs says (LATTICE_JOSE_DIR, else
// target/jose, where scripts/test installs them).

import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

import { requireFor } from "../jose/packages.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const CONTEXTS = join(here, "../../../credentials/contexts");

async function load(name) {
  return import(pathToFileURL(requireFor(name).resolve(name)).href);
}

function done(code, result) {
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(code);
}

function fail(reason, extra = {}) {
  done(1, { verified: false, reason, ...extra });
}

function parseArgs(argv) {
  const options = { issuer: null, credential: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--issuer") {
      const value = argv[++i];
      if (!value) done(2, { verified: false, reason: "--issuer needs a value" });
      options.issuer = value;
    } else if (arg === "-h" || arg === "--help") {
      done(2, { usage: "node verify.mjs [--issuer URL] [CREDENTIAL.json | JSON | -]" });
    } else if (options.credential === null) {
      options.credential = arg;
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

async function readCredential(given) {
  if (given === null || given === "-") return readStdin();
  if (given.trimStart().startsWith("{")) return given;
  if (existsSync(given)) return readFile(given, "utf8");
  done(2, { verified: false, reason: `no such file: ${given}` });
}

/// The stored contexts by URL, and the security contexts the libraries ship.
async function storedContexts() {
  const index = JSON.parse(await readFile(join(CONTEXTS, "index.json"), "utf8"));
  const contexts = new Map();
  for (const [url, file] of Object.entries(index)) {
    contexts.set(url, JSON.parse(await readFile(join(CONTEXTS, file), "utf8")));
  }
  const security = requireFor("@digitalbazaar/security-context")("@digitalbazaar/security-context");
  for (const [url, context] of security.contexts) contexts.set(url, context);
  return contexts;
}

/// A JSON-LD document loader: stored contexts, and documents of the issuer's origin fetched
/// over HTTP (the only network it touches); `loaded` records what it fetched.
function documentLoader(contexts, origin, loaded) {
  return async (url) => {
    if (contexts.has(url)) {
      return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
    }
    if (origin && url.startsWith(origin + "/")) {
      const response = await fetch(url, { headers: { accept: "application/ld+json" } });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const document = await response.json();
      loaded.push(url);
      return { contextUrl: null, documentUrl: url, document };
    }
    throw new Error(`the document loader has no ${url} (nothing is fetched from the internet)`);
  };
}

/// The credential's revocation status: the signed list fetched from the issuer, checked with
/// jose by its `kid`'s key, read at the index. `verified` is false when the bit is set.
function statusChecker(jose, origin, statuses) {
  return async ({ credential }) => {
    const entries = [credential.credentialStatus].flat();
    for (const entry of entries) {
      const url = entry.statusListCredential;
      if (!origin || !url.startsWith(origin + "/")) {
        throw new Error(`status list ${url} is not the issuer's`);
      }
      const jwt = (await (await fetch(url)).text()).trim();
      const { kid } = jose.decodeProtectedHeader(jwt);
      if (!kid || !kid.startsWith(origin + "/")) throw new Error(`status list key ${kid}`);
      const jwk = await (await fetch(kid)).json();
      const { payload } = await jose.jwtVerify(jwt, await jose.importJWK(jwk, jwk.alg), {
        issuer: typeof credential.issuer === "string" ? credential.issuer : credential.issuer.id,
      });
      const encoded = payload.credentialSubject.encodedList;
      if (!encoded.startsWith("u")) throw new Error("encodedList lacks the multibase prefix u");
      const bits = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
      const index = Number(entry.statusListIndex);
      if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
        throw new Error(`statusListIndex ${entry.statusListIndex} is outside the list`);
      }
      statuses[entry.statusPurpose] = (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
    }
    const set = Object.entries(statuses).filter(([, value]) => value).map(([key]) => key);
    return set.length === 0
      ? { verified: true }
      : { verified: false, error: new Error(`status set: ${set.join(", ")}`) };
  };
}

/// The first error's message among the nested results the libraries return.
function reasonOf(result) {
  const errors = [];
  const collect = (value) => {
    if (!value) return;
    if (value instanceof Error) {
      errors.push(value.message);
      if (value.errors) value.errors.forEach(collect);
      if (value.cause) collect(value.cause);
    } else if (Array.isArray(value)) {
      value.forEach(collect);
    } else if (typeof value === "object") {
      collect(value.error);
      collect(value.results);
    }
  };
  collect(result.error);
  collect(result.results);
  collect(result.statusResult);
  return errors.filter(Boolean).join("; ") || "not verified";
}

const options = parseArgs(process.argv.slice(2));
let credential;
try {
  credential = JSON.parse(await readCredential(options.credential));
} catch (error) {
  fail(`not JSON: ${error.message}`);
}

const issuerId = typeof credential.issuer === "string" ? credential.issuer : credential.issuer?.id;
if (options.issuer && issuerId !== options.issuer) {
  fail(`issued by ${issuerId}, not ${options.issuer}`);
}
let origin = null;
try {
  origin = new URL(issuerId).origin;
} catch {
  fail(`the issuer id ${issuerId} is not a URL`);
}

let vc, DataIntegrityProof, cryptosuite, jose;
try {
  vc = await load("@digitalbazaar/vc");
  ({ DataIntegrityProof } = await load("@digitalbazaar/data-integrity"));
  ({ cryptosuite } = await load("@digitalbazaar/eddsa-rdfc-2022-cryptosuite"));
  jose = await load("jose");
} catch (error) {
  done(2, { verified: false, reason: `packages: ${error.message}` });
}

const loaded = [];
const statuses = {};
const suite = new DataIntegrityProof({ cryptosuite });
let result;
try {
  result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader: documentLoader(await storedContexts(), origin, loaded),
    checkStatus: statusChecker(jose, origin, statuses),
  });
} catch (error) {
  fail(error.message);
}

const report = {
  verified: result.verified === true,
  issuer: issuerId,
  id: credential.id,
  subject: credential.credentialSubject?.name,
  verificationMethod: [credential.proof].flat()[0]?.verificationMethod,
  cryptosuite: [credential.proof].flat()[0]?.cryptosuite,
  statuses,
  loaded,
};
if (!report.verified) fail(reasonOf(result), report);
done(0, report);
