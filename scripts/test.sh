#!/usr/bin/env bash
# Set up, then run the linters and the whole test suite (pytest), slow tests included.
# Starts a `chroma run` server on loopback for the server-mode store tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup_browser.sh
bash scripts/setup_llm.sh
export PATH="$PWD/.venv/bin:$PATH"

ruff check .
ruff format --check .
mypy

CHROMA_DIR="$(mktemp -d)"
PORT="$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
ANONYMIZED_TELEMETRY=False chroma run --path "$CHROMA_DIR" --host 127.0.0.1 --port "$PORT" \
  >"$CHROMA_DIR.log" 2>&1 &
CHROMA_PID=$!
trap 'kill $CHROMA_PID 2>/dev/null || true; rm -rf "$CHROMA_DIR" "$CHROMA_DIR.log"' EXIT
for _ in $(seq 1 60); do
  python -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break
  sleep 0.5
done
export SMARTCITY_TEST_CHROMA_PORT="$PORT"

python -m pytest "$@"
