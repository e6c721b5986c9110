#!/usr/bin/env bash
# Runs the whole test suite and prints "N passed, N failed" (skipped tests count as failed:
# nothing may be skipped). Installs what the tests need first (deploy/setup.sh --test).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash deploy/setup.sh --test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
if ! dotnet build Compressor.sln -c Release -nologo -v q 2>&1 | tee "$log" | grep -E "error|Warn|Error" ; then :; fi
if grep -qE "[1-9][0-9]* Error\(s\)|: error " "$log"; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

dotnet test Compressor.sln -c Release --no-build -nologo ${COMPRESSOR_TEST_FILTER:+--filter "$COMPRESSOR_TEST_FILTER"} 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r passed failed skipped < <(grep -E "^(Passed|Failed)!" "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
failed=$((failed + skipped))

# The evaluation harness on a small slice (needs ../shared/eval): every output within budget.
if dotnet run --project tests/Compressor.Evaluation -c Release --no-build -- --ci > "$log.eval" 2>&1; then
  passed=$((passed + 1)); echo "evaluation slice: ok"
else
  failed=$((failed + 1)); echo "evaluation slice FAILED:"; tail -20 "$log.eval"
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "dotnet test exited $rc (a test host aborted?)"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
