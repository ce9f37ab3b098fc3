#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Write a ready-to-send copy of patches/$SERIES to build/mail/$SERIES (or
# to the directory given as $1):
#  - the submitter, FROM="Name <addr>" or git's user.name/user.email, is
#    the author and signs off the series' own patches; a patch of another
#    author (an upstream backport, say) keeps its author and sign-off
#    chain, and the submitter's Signed-off-by takes the place of the
#    workbench's;
#  - [PATCH v$VERSION nn/mm] subjects (VERSION=2 unless set; VERSION=1
#    leaves them as they are);
#  - To: and Cc: from the tree's scripts/get_maintainer.pl for each patch,
#    their union for the cover letter;
#  - no base-commit: line unless the base is a tree of the user's own
#    (KERNEL_SRC): the Debian import is no upstream object;
#  - checkpatch --strict on the result, and a git send-email --dry-run
#    that shows every message would go out with those headers.
# The workbench's own identity is refused: upstream takes no anonymous or
# collective contributions.
. "$(dirname "$0")/lib.sh"
series_config

VERSION=${VERSION:-2}
dest=${1:-$BUILD/mail/$SERIES}
[ -d "$TREE" ] || die "mail: no tree at $TREE: run 'make apply SERIES=$SERIES' first"
[ -f "$PATCHES/0000-cover-letter.patch" ] || die "mail: no cover letter in ${PATCHES#$TOP/}"

# The identity the workbench commits with: the cover letter's author.
wb_ident=$(awk '/^From: / { id = substr($0, 7); getline; if (/^ /) id = id $0; print id; exit }' \
	"$PATCHES/0000-cover-letter.patch")
wb_email=$(sed -n 's/.*<\(.*\)>.*/\1/p' <<<"$wb_ident")

if [ -n "${FROM:-}" ]; then
	from=$FROM
else
	name=$(git config user.name || true)
	email=$(git config user.email || true)
	[ -n "$name" ] && [ -n "$email" ] ||
		die "mail: say who sends the series: FROM=\"Name <addr>\" or git config user.name/user.email"
	from="$name <$email>"
fi
from_name=$(sed -n 's/^\(.*[^ ]\) *<.*>$/\1/p' <<<"$from")
from_email=$(sed -n 's/.*<\([^<>@ ]\+@[^<>@ ]\+\)>$/\1/p' <<<"$from")
[ -n "$from_name" ] && [ -n "$from_email" ] ||
	die "mail: '$from' is not of the form \"Name <addr>\""
wb_name=$(sed 's/ *<.*//' <<<"$wb_ident")
if [ "$from_email" = "$wb_email" ] || [ "$from_name" = "$wb_name" ]; then
	die "mail: '$from' is the workbench's own identity; set FROM=\"Your Name <you@example.org>\" (upstream takes patches from people, who sign them off)"
fi

[ -x "$(git --exec-path)/git-send-email" ] ||
	die "mail: git send-email not found: install it with 'apt-get install git-email' (or run 'make deps' as root)"

rm -rf "$dest"
mkdir -p "$dest"
cp "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch "$dest"/

# Unfold the From: header, put the submitter in place of the workbench,
# as author and in Signed-off-by, and add the version to the subject.
for p in "$dest"/*.patch; do
	FROM_ID="$from_name <$from_email>" WB_ID="$wb_ident" WB_EMAIL="$wb_email" \
	VERSION="$VERSION" perl -0pi -e '
		s/^(From: [^\n]*)\n (<[^\n]*>)/$1 $2/m;
		my ($from, $wb, $wbmail, $v) = @ENV{qw(FROM_ID WB_ID WB_EMAIL VERSION)};
		s/^From: [^\n]*<\Q$wbmail\E>$/From: $from/m;
		s/^Signed-off-by: [^\n]*<\Q$wbmail\E>$/Signed-off-by: $from/mg;
		s/^Subject: \[PATCH(?! v\d)/Subject: [PATCH v$v/m if $v ne "1";
	' "$p"
done
cover=$dest/0000-cover-letter.patch
# The shortlog names the submitter, and a Debian import has no upstream
# base-commit to name.
FROM_NAME="$from_name" WB_NAME="$wb_name" perl -pi -e \
	's/^\Q$ENV{WB_NAME}\E \((\d+)\):$/$ENV{FROM_NAME} ($1):/' "$cover"
[ -n "${KERNEL_SRC:-}" ] || sed -i '/^base-commit: /d; /^prerequisite-patch-id: /d' "$cover"

# Recipients: maintainers and reviewers in To:, lists in Cc:.
recipients() {	# recipients TO|CC PATCH...
	local sel=(--m --r --no-l)
	[ "$1" = CC ] && sel=(--no-m --no-r --l)
	shift
	(cd "$TREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-fixes \
		--norolestats --no-multiline --separator ', ' "${sel[@]}" "$@")
}
add_header() {	# add_header PATCH NAME VALUE: first after the Subject: header
	[ -n "$3" ] || return 0
	NAME=$2 VALUE=$3 perl -0pi -e \
		's/^(Subject: [^\n]*\n(?: [^\n]*\n)*)/$1$ENV{NAME}: $ENV{VALUE}\n/m' "$1"
}
# A patch whose files have no maintainer (a header of two subsystems, say)
# goes to the maintainers of the whole series, as its cover letter does.
all=()
for p in "$dest"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "$p" = "$cover" ] || all+=("$p")
done
series_to=$(recipients TO "${all[@]}")
for p in "${all[@]}"; do
	to=$(recipients TO "$p")
	add_header "$p" Cc "$(recipients CC "$p")"
	add_header "$p" To "${to:-$series_to}"
done
add_header "$cover" Cc "$(recipients CC "${all[@]}")"
add_header "$cover" To "$series_to"

if grep -l -F -e "$wb_email" "$dest"/*.patch; then
	die "mail: the workbench's identity is still in the files above"
fi

SERIES_DIR=$dest "$TOP/scripts/lint.sh" checkpatch >/dev/null ||
	die "mail: checkpatch --strict fails on the mail (run: SERIES_DIR=${dest#$TOP/} scripts/lint.sh checkpatch)"

# A dry run: nothing is sent, nothing is asked; the headers each message
# would go out with are kept next to the patches.
(cd "$dest" && git send-email --dry-run --confirm=never --quiet --no-chain-reply-to \
	--from="$from_name <$from_email>" --suppress-cc=self --smtp-server=/bin/false \
	--8bit-encoding=UTF-8 --transfer-encoding=auto ./*.patch) >"$dest/send-email-dry-run.txt" 2>&1 ||
	die "mail: git send-email --dry-run failed (see ${dest#$TOP/}/send-email-dry-run.txt)"
n=$(grep -c '^Dry-Sent ' "$dest/send-email-dry-run.txt" || true)
[ "$n" -eq $((${#all[@]} + 1)) ] ||
	die "mail: the dry run sent $n of $((${#all[@]} + 1)) messages (see ${dest#$TOP/}/send-email-dry-run.txt)"
log "mail: $((${#all[@]} + 1)) messages from $from_name <$from_email> in ${dest#$TOP/} (send with: git send-email ${dest#$TOP/}/*.patch)"
