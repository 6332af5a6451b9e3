#!/usr/bin/env bash
# Install Prism (the OpenAPI mock server the conformance tests run) into .prism/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
version=5.14.2
bin=.prism/node_modules/.bin/prism
if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "$version" ]; then
    exit 0
fi
command -v npm >/dev/null || { echo "npm is needed to install Prism (@stoplight/prism-cli)" >&2; exit 1; }
mkdir -p .prism
npm install --prefix .prism --no-audit --no-fund --no-save --loglevel=error \
    "@stoplight/prism-cli@$version" >&2
"$bin" --version >/dev/null
