#!/usr/bin/env bash
# Installs and fetches what Compressor needs on Debian 12 (idempotent).
#   deploy/setup.sh          what the service needs: native libraries, PostgreSQL server binaries
#   deploy/setup.sh --test   plus what the tests need
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/deploy/fetch-native.sh" cpu
# --- postgres ---
# Server binaries for the service's local database and for the tests' throwaway clusters.
bash "$root/deploy/postgres.sh" install
# --- end postgres ---
