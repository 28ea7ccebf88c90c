#!/usr/bin/env bash
# npm test: the whole suite, on both database engines (PGlite and a PostgreSQL server) and in a
# real browser (Debian's chromium). What is missing is installed or started here, and said so:
# these machines run as root. Extra arguments go to vitest (e.g. a file name).
set -euo pipefail
cd "$(dirname "$0")/.."

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

apt_install() {
  echo "npm test: installing Debian package(s): $* (apt-get)"
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  [ -x "$CHROMIUM_PATH" ] && return
  apt_install chromium
  [ -x "$CHROMIUM_PATH" ] || { echo "npm test: chromium is still missing at $CHROMIUM_PATH" >&2; exit 1; }
}

# pdftotext (poppler-utils) reads the PDFs the board-pack and print tests make.
ensure_pdftotext() {
  command -v pdftotext >/dev/null && return
  apt_install poppler-utils
  command -v pdftotext >/dev/null || { echo "npm test: pdftotext (poppler-utils) is still missing" >&2; exit 1; }
}

ensure_postgres() {
  local host port
  host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname)' "$TEST_DATABASE_URL")
  port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||5432)' "$TEST_DATABASE_URL")
  command -v pg_isready >/dev/null || apt_install postgresql postgresql-client
  if ! pg_isready -q -h "$host" -p "$port"; then
    echo "npm test: PostgreSQL is not answering on $host:$port; starting the local cluster"
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || { apt_install postgresql; version=$(ls /etc/postgresql | sort -V | tail -n 1); }
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
  fi
  if ! node -e 'const pg=require("pg");const c=new pg.Client(process.argv[1]);c.connect().then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})' "$TEST_DATABASE_URL"; then
    echo "npm test: cannot connect to PostgreSQL at $TEST_DATABASE_URL (set TEST_DATABASE_URL to a server whose user may create databases)" >&2
    exit 1
  fi
}

ensure_chromium
ensure_pdftotext
ensure_postgres
echo "npm test: PGlite and PostgreSQL ($TEST_DATABASE_URL), browser $CHROMIUM_PATH, pdftotext"

mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line, whatever the reporter prints above it.
node -e '
  const r = require("./test-results/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
