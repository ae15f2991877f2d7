#!/usr/bin/env bash
# Browser test prerequisites: Debian's chromium (Playwright never downloads a browser) and
# axe-core from the npm registry (injected into pages for the accessibility checks).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
AXE_VERSION="4.14.1"
if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ] \
  || ! grep -q "\"version\": \"$AXE_VERSION\"" .cache/axe/node_modules/axe-core/package.json; then
  mkdir -p .cache/axe
  npm install --silent --no-audit --no-fund --prefix .cache/axe "axe-core@$AXE_VERSION" >/dev/null
fi
