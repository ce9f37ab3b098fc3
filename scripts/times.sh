#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The step durations of the last make check (build/results.txt) as a table.
#   times.sh          print it
#   times.sh NAME     put it into docs/times.md as section "NAME", replacing
#                     that section if it is there (NAME: cold, warm, ...)
. "$(dirname "$0")/lib.sh"

RESULTS=$BUILD/results.txt
[ -f "$RESULTS" ] || die "no $RESULTS: run make check first"
grep -q '^# Totals: ' "$RESULTS" || die "the make check of $RESULTS did not finish"

table() {
	sed -n '1s/^# /make check at /p' "$RESULTS"
	echo
	echo "| step | result | time | ends at |"
	echo "|---|---|---|---|"
	sed -nE 's/^(not ok|ok) [0-9]+ (.*) # time=([0-9]+)s$/\1\t\3\t\2/p' "$RESULTS" |
		awk -F '\t' '
		function mmss(s) { return sprintf("%d:%02d", s / 60, s % 60) }
		{ t += $2; printf "| %s | %s | %s | %s |\n", $3, $1, mmss($2), mmss(t) }'
	echo
	sed -nE 's/^# Totals: pass:([0-9]+) fail:([0-9]+).*\(steps, ([0-9:]+)\)$/\1 passed, \2 failed (steps); wall time \3 (min:s)./p' "$RESULTS"
}

name=${1:-}
if [ -z "$name" ]; then
	table
	exit 0
fi
doc=$TOP/docs/times.md
new=$(mktemp)
{
	[ -f "$doc" ] && awk -v s="## $name" '
		$0 == s { skip = 1; next }
		/^## / { skip = 0 }
		!skip' "$doc" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
	[ -f "$doc" ] || printf '%s\n\n%s\n%s\n' "# Times of make check" \
		"Written by \`make times RUN=<name>\` from build/results.txt of the run named;" \
		"not edited by hand. Each section says the commit and start of its run."
	printf '\n## %s\n\n' "$name"
	table
} >"$new"
mkdir -p "$TOP/docs"
mv "$new" "$doc"
log "times: section '$name' of ${doc#$TOP/} written"
