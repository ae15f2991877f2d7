#!/usr/bin/env bash
# Set up, index the sample corpus (incremental: unchanged files are skipped) and start the
# server on http://127.0.0.1:8000 (override with HOST/PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
smartcity ingest --prune corpus/
exec smartcity serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
