#!/usr/bin/env bash
# Runs every test project of the solution (already built) and prints one closing line
# "N passed, N failed, N skipped". Exits non-zero when a test failed or none ran.
set -uo pipefail
configuration=${1:-Release}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
results=$(mktemp -d)
status=0
dotnet test LlmBroker.sln -c "$configuration" --no-build \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?

# Failed tests are listed again at the very end (name and first lines of the message), so a CI log
# cut to its tail still says what failed.
failures=""
if command -v python3 >/dev/null; then
  failures=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") != "Failed":
            continue
        msg = r.findtext(".//t:Message", default="", namespaces=ns).strip().splitlines()
        print("FAILED " + r.get("testName", "?"))
        for line in msg[:6]:
            print("    " + line[:300])
PY
  )
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); p=${p:-0}
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=${f:-0}
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); t=${t:-0}
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters"); e=${e:-0}
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
done
rm -rf "$results"
[ -n "$failures" ] && printf '%s\n' "$failures"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
