#!/usr/bin/env bash
# Install the pinned Stoplight Prism (tests/prism/package.json, package-lock.json) into
# tests/prism/node_modules, where tests/prism finds it. Needs node and npm; the tests
# skip, saying why, where either is missing.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
    echo "npm is not installed: the Prism tests will skip" >&2
    exit 1
fi
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -x node_modules/.bin/prism ] && [ "$(cat node_modules/.installed-lock 2>/dev/null)" = "$lock" ]; then
    exit 0  # already installed from this lockfile
fi
npm ci --no-audit --no-fund --loglevel=error
node_modules/.bin/prism --version >/dev/null
echo "$lock" > node_modules/.installed-lock
