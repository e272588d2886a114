#!/usr/bin/env bash
# npm test: the same setup as npm start (reusing what runs), then every suite in order, stopping at the first
# failure. The stack stays up afterwards; `npm stop` ends it.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/stack.sh"
cd "$ROOT"

stack_up --with-chromium

# Whatever the outcome, the coupons the suites create are disabled afterwards, so the local shop shows the demo
# sale again (scripts/retire-test-coupons.ts; demo coupons are never touched).
TEST_STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
retire_test_coupons() {
  "$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/retire-test-coupons.ts" "$TEST_STARTED_AT" >>"$LOG_DIR/setup.log" 2>&1 \
    || printf '%s\n' "retiring test coupons failed (see logs/setup.log)" >&2
}
trap retire_test_coupons EXIT

results=()
run_suite() {
  local label=$1 t0=$EPOCHREALTIME
  shift
  step "$label"
  # A suite that hangs (a leaked connection keeping node alive) must fail the run, not eat the CI time limit.
  if timeout -k 15 "${TEST_SUITE_TIMEOUT:-1200}" "$@"; then
    results+=("${C_GREEN}✓${C_RESET} $label ($(elapsed "$t0"))")
  else
    results+=("${C_RED}✗${C_RESET} $label ($(elapsed "$t0"))")
    summary
    die "$label failed"
  fi
}
summary() {
  printf '\n%s\n' "${C_BOLD}Summary${C_RESET} (total $(elapsed "$STACK_T0"))"
  printf '  %s\n' "${results[@]}"
}

run_suite "typecheck" npm run --silent typecheck
run_suite "lint" npm run --silent lint
run_suite "format" npm run --silent format:check
run_suite "unit tests" bash tests/run-node-tests.sh unit
run_suite "integration tests" bash tests/run-node-tests.sh integration
run_suite "end-to-end tests (Playwright, Chromium)" npx playwright test
summary
printf '%s\n' "${C_GREEN}All test suites passed.${C_RESET} The stack is still running at $PUBLIC_URL (npm stop ends it)."
