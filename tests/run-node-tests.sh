#!/usr/bin/env bash
# Runs node:test suites through tsx. `unit`: *.test.ts beside the code (pure logic, no services).
# `integration`: *.integration.test.ts, against the real services that `npm start`/`npm test` brought up.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: run-node-tests.sh unit|integration [files...]}
shift || true
if [ $# -gt 0 ]; then
  files=("$@")
elif [ "$kind" = unit ]; then
  mapfile -t files < <(find server workers scripts bench chaos tests components contract -name '*.test.ts' ! -name '*.integration.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
else
  mapfile -t files < <(find server workers scripts bench chaos tests components contract -name '*.integration.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "no $kind test files found" >&2
  exit 1
fi
# Integration files share one Redis, MySQL and Kafka; running them one at a time keeps their counters honest.
concurrency=1
[ "$kind" = unit ] && concurrency=2
# In-process tests verify real tokens of the local-only test client, as the local stack does.
export ALLOW_TEST_CLIENT=true
# --test-force-exit: a handle leaked by one file must fail loudly (its tests still report), never hang CI.
exec node --import tsx --test --test-force-exit --test-concurrency="$concurrency" --test-reporter=spec "${files[@]}"
