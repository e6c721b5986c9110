#!/usr/bin/env bash
# Installs and fetches what Compressor needs on Debian 12 (idempotent).
#   deploy/setup.sh          what the service needs: native libraries, PostgreSQL server binaries
#   deploy/setup.sh --test   plus what the tests need
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/deploy/fetch-native.sh" cpu vocab
# --- postgres ---
# Server binaries for the service's local database and for the tests' throwaway clusters.
bash "$root/deploy/postgres.sh" install
# --- end postgres ---
# --- chromium ---
# Headless Chromium for the browser tests (tests/Compressor.Web.Tests drive it through Playwright).
case " $* " in
  *" --test "*)
    if [ ! -x /usr/bin/chromium ]; then
      if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "Installing Debian's chromium for the browser tests..."
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
      else
        echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install -y chromium'." >&2
        exit 1
      fi
    fi
    ;;
esac
# --- end chromium ---
# --- zstd, python3 ---
# deploy/cuda-ptx-compat.py (and its test) rewrite zstd-compressed PTX with Python.
case " $* " in
  *" --test "*)
    if ! command -v zstd >/dev/null || ! command -v python3 >/dev/null; then
      if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zstd python3
      else
        echo "The tests need zstd and python3: run 'sudo apt-get install -y zstd python3'." >&2
        exit 1
      fi
    fi
    ;;
esac
# --- end zstd, python3 ---
