#!/usr/bin/env bash
# Run `make test` N times in a row on one fresh clone of a commit, with Hypothesis in random mode
# (the `dev` profile), and stop at the first failure: the check that the suite is deterministic.
#
#   tools/repeat_tests.sh [N] [COMMIT]       (defaults: 20 runs of HEAD)
#
# Each run's pytest summary line, exit code and wall time go to $LOG (default
# /tmp/klyngekort-repeat-<commit>.log) and to standard output; a failing run's whole output is
# kept beside the log. The clone is made in a temporary folder and removed at the end unless
# KEEP=1. With REQUIRE=1 (the default) a missing browser, server or DAGI file fails the run
# instead of skipping, as in CI — the Hypothesis profile is still the random one.
set -euo pipefail
n="${1:-20}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse --short "${2:-HEAD}")"
log="${LOG:-/tmp/klyngekort-repeat-$commit.log}"
work="$(mktemp -d /tmp/klyngekort-repeat-XXXXXX)"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT

git clone --quiet "$repo" "$work/clone"
git -C "$work/clone" checkout --quiet "$commit"
# The shared read-only folder (DAGI files, reference facts) sits beside the checkout, as in CI.
[[ -e "$repo/../shared" && ! -e "$work/shared" ]] && ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"

export HYPOTHESIS_PROFILE=dev
if [[ "${REQUIRE:-1}" == 1 ]]; then
  export KLYNGEKORT_REQUIRE_BROWSER=1 KLYNGEKORT_REQUIRE_GEODATA=1
fi
echo "$(date -u +%FT%TZ) commit $commit: $n runs of make test, HYPOTHESIS_PROFILE=$HYPOTHESIS_PROFILE" | tee -a "$log"
for i in $(seq 1 "$n"); do
  start=$(date +%s)
  set +e
  make -C "$work/clone" --no-print-directory test >"$work/run.out" 2>&1
  rc=$?
  set -e
  secs=$(($(date +%s) - start))
  summary="$(grep -E '^(=+ )?[0-9]+ (passed|failed)|(passed|failed|error).* in [0-9.]+s' "$work/run.out" | tail -1)"
  echo "$(date -u +%FT%TZ) run $i/$n: rc=$rc ${secs}s ${summary}" | tee -a "$log"
  if [[ $rc -ne 0 ]]; then
    cp "$work/run.out" "$log.run$i.out"
    echo "run $i failed; its output: $log.run$i.out" | tee -a "$log"
    exit 1
  fi
done
echo "$(date -u +%FT%TZ) commit $commit: $n of $n runs passed" | tee -a "$log"
