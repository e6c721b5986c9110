#!/usr/bin/env bash
# Fetches llama.cpp's prebuilt shared libraries from npm into .native/<flavour>/ (ignored by git).
#   deploy/fetch-native.sh [cpu|cuda|vocab]...   (default: cpu)
# cpu   -> @node-llama-cpp/linux-x64        (libllama, libggml, CPU variants)
# cuda  -> @node-llama-cpp/linux-x64-cuda   (needs the system's CUDA 13 runtime and driver; see deploy/cuda-ptx-compat.py)
# vocab -> vocab-only GGUF files from node-llama-cpp's llama.cpp source bundle (benchmarks only)
# Idempotent: a flavour already present is left alone. Needs npm and network access to the npm registry.
set -euo pipefail
VERSION=3.22.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.native"
flavours=("$@"); [ ${#flavours[@]} -gt 0 ] || flavours=(cpu)

fetch_pkg() { # <npm package> <flavour dir>
  local pkg=$1 out=$2 tmp
  if [ -f "$out/.complete" ]; then return 0; fi
  command -v npm >/dev/null || { echo "fetch-native: npm is required (apt-get install npm, or install Node.js)" >&2; exit 1; }
  tmp=$(mktemp -d)
  echo "fetch-native: downloading $pkg@$VERSION ..." >&2
  (cd "$tmp" && npm pack --silent "$pkg@$VERSION" >/dev/null 2>"$tmp/npm.log") || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; exit 1; }
  tar xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$out"; mkdir -p "$out"
  echo "$tmp"
}

for f in "${flavours[@]}"; do
  case "$f" in
    cpu|cuda)
      pkg=@node-llama-cpp/linux-x64; [ "$f" = cuda ] && pkg=@node-llama-cpp/linux-x64-cuda
      out="$dest/$f"
      tmp=$(fetch_pkg "$pkg" "$out")
      if [ -n "$tmp" ]; then
        cp "$tmp"/package/bins/*/*.so "$out"/
        cp "$tmp"/package/bins/*/_nlcBuildMetadata.json "$out"/ 2>/dev/null || true
        rm -rf "$tmp"
        if [ "$f" = cuda ]; then
          # The CUDA build's PTX needs a CUDA 13.1 driver; on an older one (580.x) with a GPU that has
          # no machine code in the library (H100/H200, A100, T4) keep only what that GPU can load.
          python3 "$root/deploy/cuda-ptx-compat.py" "$out/libggml-cuda.so" --auto >&2 \
            || echo "fetch-native: cuda-ptx-compat failed; the CUDA build may not load on this driver" >&2
        fi
        date -u +%FT%TZ > "$out/.complete"
        echo "fetch-native: $f libraries in $out" >&2
      fi ;;
    vocab)
      out="$dest/vocab"
      tmp=$(fetch_pkg node-llama-cpp "$out")
      if [ -n "$tmp" ]; then
        git clone -q "$tmp/package/llama/gitRelease.bundle" "$tmp/src" 2>/dev/null
        cp "$tmp"/src/models/ggml-vocab-*.gguf "$out"/
        mkdir -p "$out/include"; cp "$tmp"/src/include/llama.h "$tmp"/src/ggml/include/*.h "$out/include"/
        rm -rf "$tmp"; date -u +%FT%TZ > "$out/.complete"
        echo "fetch-native: vocab files in $out" >&2
      fi ;;
    *) echo "fetch-native: unknown flavour '$f' (cpu, cuda, vocab)" >&2; exit 2 ;;
  esac
done
