#!/usr/bin/env bash
# Known advisories in what Trellis runs in production (server, shared, client; dev tools left out).
# Fails on a high or critical advisory. Passes with a warning when npm cannot get an answer from
# the registry's advisory endpoint (offline machines, registry mirrors without the bulk-advisory
# API): those versions were checked by hand, see "Dependencies" in SECURITY.md. Any other failure
# of `npm audit` (no lockfile, a broken tree) fails.
set -uo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
npm audit --omit=dev --audit-level=high --json >"$out" 2>"$err"
status=$?

node - "$out" "$err" "$status" <<'EOF'
const fs = require('node:fs');
const [outFile, errFile, status] = process.argv.slice(2);
const stderr = fs.readFileSync(errFile, 'utf8');
let report;
try {
  report = JSON.parse(fs.readFileSync(outFile, 'utf8'));
} catch {
  report = undefined;
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const counts = isObject(report) && isObject(report.metadata) ? report.metadata.vulnerabilities : undefined;

if (isObject(counts)) {
  const n = (k) => (Number.isInteger(counts[k]) ? counts[k] : 0);
  const serious = n('high') + n('critical');
  console.log(
    `npm audit (production dependencies): ${n('critical')} critical, ${n('high')} high, ` +
      `${n('moderate')} moderate, ${n('low')} low`,
  );
  if (serious === 0) process.exit(0);
  const vulns = isObject(report.vulnerabilities) ? Object.values(report.vulnerabilities) : [];
  for (const v of vulns) {
    if (!isObject(v) || (v.severity !== 'high' && v.severity !== 'critical')) continue;
    const via = Array.isArray(v.via) ? v.via : [];
    const titles = via.filter(isObject).map((x) => `${x.title ?? '?'} (${x.url ?? 'no url'})`);
    console.log(`  ${v.severity}: ${v.name} ${v.range ?? ''} ${titles.join('; ') || '(through a dependency)'}`);
  }
  process.exit(1);
}

// No report. Only an endpoint that did not answer is tolerated: npm says so on stderr, and its
// JSON carries the failed request (an HTTP status, or a network error code) instead of a report.
const network = /^E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH|PROTO|CERT|SELF_SIGNED|UNABLE_TO)/;
const unreachable =
  /audit endpoint returned an error/.test(stderr) ||
  (isObject(report) &&
    (Number.isInteger(report.statusCode) ||
      (typeof report.code === 'string' && network.test(report.code)) ||
      (isObject(report.error) && typeof report.error.code === 'string' && network.test(report.error.code))));
const reason = (isObject(report) && typeof report.message === 'string' && report.message) ||
  stderr.split('\n').find((l) => l.trim()) || `npm audit exited with ${status}`;
if (unreachable) {
  console.log(`WARNING: npm audit could not reach the advisory endpoint (${reason.trim()}).`);
  console.log('WARNING: no advisory check ran; the versions in SECURITY.md were checked by hand.');
  process.exit(0);
}
console.error(`npm audit failed: ${reason}`);
process.stderr.write(stderr);
process.exit(1);
EOF
