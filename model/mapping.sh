#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check model/mapping.txt against a kernel tree with the series applied: every
# entry names a function of the driver (drivers/iommu/arm/arm-smmu/<file>) and
# the statements of it that the model's steps stand for, in order. An entry
# fails if the function is not defined exactly once, or a statement is missing
# from its body or comes before the one listed before it (comments and
# whitespace are ignored). No line numbers: nothing to update when code moves.
#
#   model/mapping.sh --check TREE      check; one line per failing entry
#   model/mapping.sh --selftest TREE   break a copy of the driver in ways the
#                                      check must catch (a statement deleted,
#                                      two swapped, a function renamed, a
#                                      statement only left in a comment)
#   model/mapping.sh TREE              both (what make check runs)
# Ends with "N passed, N failed"; exit status 0 only if none failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
table=$here/mapping.txt

check() {
	local dir=$1/drivers/iommu/arm/arm-smmu
	[ -d "$dir" ] || { echo "mapping: no $dir" >&2; return 1; }
	python3 - "$table" "$dir" <<'PY'
import re, sys

table, src_dir = sys.argv[1], sys.argv[2]

def blank(m):
    # keep newlines (and so positions), drop everything else
    return re.sub(r"[^\n]", " ", m.group(0))

def code_only(text):
    """Comments and the contents of string/char literals blanked out."""
    pat = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                     re.S)
    def repl(m):
        s = m.group(0)
        if s[0] in "\"'":
            return s[0] + " " * (len(s) - 2) + s[-1]
        return blank(m)
    return pat.sub(repl, text)

files = {}
def source(name):
    if name not in files:
        raw = open(f"{src_dir}/{name}").read()
        files[name] = (raw, code_only(raw))
    return files[name]

def closing(code, i):
    """Index of the bracket that closes the one at code[i] ("(" or "{")."""
    op = code[i]
    cl = {"(": ")", "{": "}"}[op]
    depth = 0
    while i < len(code):
        if code[i] == op:
            depth += 1
        elif code[i] == cl:
            depth -= 1
            if depth == 0:
                break
        i += 1
    return i

def body(name, func):
    """The text of func's body in file name, or an error string."""
    raw, code = source(name)
    if func == "-":
        return raw, None
    defs = [m for m in re.finditer(r"^[A-Za-z_][^\n;]*\b%s\s*\(" % re.escape(func),
                                   code, re.M)]
    found = []
    for m in defs:
        # a definition: the parameter list is followed by "{", not ";"
        i = closing(code, code.index("(", m.start() + m.group(0).rindex(func)))
        rest = code[i + 1:].lstrip()
        if rest.startswith("{"):
            found.append(i + 1 + code[i + 1:].index("{"))
    if len(found) != 1:
        return None, f"{len(found)} definitions of {func}() in {name}"
    start = found[0]
    i = closing(code, start)
    # the code of the body, comments blanked, string contents kept
    pat = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
    return pat.sub(blank, raw[start:i + 1]), None

def squeeze(s):
    return re.sub(r"\s+", "", s)

entries, cur = [], None
for n, line in enumerate(open(table), 1):
    if line.startswith("#") or not line.strip():
        continue
    if line.startswith("= "):
        cols = [c.strip() for c in line[2:].split("|")]
        if len(cols) != 3:
            sys.exit(f"mapping.txt:{n}: want '= step | file | function'")
        cur = {"step": cols[0], "file": cols[1], "func": cols[2], "stmts": [], "line": n}
        entries.append(cur)
    elif line[0] in " \t" and cur is not None:
        cur["stmts"].append(line.strip())
    else:
        sys.exit(f"mapping.txt:{n}: cannot parse: {line.rstrip()}")

ok = bad = 0
for e in entries:
    where = f"{e['file']}:{e['func']}()" if e["func"] != "-" else e["file"]
    text, err = body(e["file"], e["func"])
    if err is None and not e["stmts"]:
        err = "no statements listed"
    if err is None:
        text, pos, prev = squeeze(text), 0, None
        for st in e["stmts"]:
            want = squeeze(st)
            at = text.find(want, pos)
            if at < 0:
                before = text.find(want)
                if before >= 0:
                    err = f"'{st}' comes before '{prev}'"
                else:
                    err = f"'{st}' is missing"
                break
            pos, prev = at + len(want), st
    if err:
        print(f"mapping: FAIL {where} [{e['step']}]: {err}")
        bad += 1
    else:
        ok += 1
print(f"mapping: {ok} of {len(entries)} entries (functions, statements in order) match")
print(f"{ok} passed, {bad} failed")
sys.exit(1 if bad else 0)
PY
}

# Each mutation of a copy of the driver must make the check fail, saying why.
selftest() {
	local tree=$1 tmp pass=0 fail=0 name file expr want out
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	local d=drivers/iommu/arm/arm-smmu
	local mutations=(
	"statement deleted|arm-smmu.c|/^\tarm_smmu_fault_set_live(smmu);\$/d|'arm_smmu_fault_set_live(smmu);' is missing"
	"two statements swapped|arm-smmu.c|/^void arm_smmu_fault_exit(/,/^}/{s/arm_smmu_fault_put(smmu);/XX_PUT/;s/pm_runtime_put_autosuspend(smmu->dev);/arm_smmu_fault_put(smmu);/;s/XX_PUT/pm_runtime_put_autosuspend(smmu->dev);/}|comes before"
	"function renamed|arm-smmu.c|s/^static bool arm_smmu_fault_tryget(/static bool arm_smmu_fault_tryget_renamed(/|0 definitions of arm_smmu_fault_tryget()"
	"statement only in a comment|arm-smmu.c|/^static irqreturn_t arm_smmu_fault_refused(/,/^}/s/^\t\treturn IRQ_WAKE_THREAD;/\t\t\/* return IRQ_WAKE_THREAD; *\//|'return IRQ_WAKE_THREAD;' is missing"
	)
	for m in "${mutations[@]}"; do
		IFS='|' read -r name file expr want <<<"$m"
		rm -rf "${tmp:?}/$d" && mkdir -p "$tmp/$d"
		cp "$tree/$d"/*.[ch] "$tmp/$d/"
		sed -i "$expr" "$tmp/$d/$file"
		if cmp -s "$tree/$d/$file" "$tmp/$d/$file"; then
			echo "mapping selftest: FAIL $name: the mutation changed nothing"
			fail=$((fail + 1))
		elif out=$(check "$tmp" 2>&1); then
			echo "mapping selftest: FAIL $name: not caught"
			fail=$((fail + 1))
		elif ! grep -qF -- "$want" <<<"$out"; then
			echo "mapping selftest: FAIL $name: caught, but not as '$want':"
			grep "^mapping: FAIL" <<<"$out" | sed 's/^/    /'
			fail=$((fail + 1))
		else
			echo "mapping selftest: $name: caught ($(grep -m1 '^mapping: FAIL' <<<"$out" | cut -c15-))"
			pass=$((pass + 1))
		fi
	done
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# the check, then the self-test; one "N passed, N failed" for both
both() {
	local out1 out2 rc=0 p1 f1 p2 f2
	out1=$(check "$1") || rc=1
	sed '$d' <<<"$out1"
	out2=$(selftest "$1") || rc=1
	sed '$d' <<<"$out2"
	read -r p1 _ f1 _ < <(tail -1 <<<"$out1")
	read -r p2 _ f2 _ < <(tail -1 <<<"$out2")
	echo "$((p1 + p2)) passed, $((f1 + f2)) failed"
	return $rc
}

case "${1:-}" in
--selftest) selftest "${2:?usage: model/mapping.sh [--check|--selftest] TREE}" ;;
--check) check "${2:?usage: model/mapping.sh [--check|--selftest] TREE}" ;;
""|-*) echo "usage: model/mapping.sh [--check|--selftest] TREE" >&2; exit 2 ;;
*) both "$1" ;;
esac
