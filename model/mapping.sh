#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Keep the "Model step -> patched driver function" table of model/README.md
# true to the series: every `file.c:LINE` in it must be the line where the
# function named first in that row (`name()`) is defined, in the driver
# directory of TREE (the series applied).
#   model/mapping.sh TREE          check; lists stale rows and exits 1
#   model/mapping.sh TREE --fix    rewrite the line numbers in README.md
# Ends with "N passed, N failed" (one check per row with a location).
set -euo pipefail
tree=${1:?usage: model/mapping.sh TREE [--fix]}
fix=${2:-}
readme=$(cd "$(dirname "$0")" && pwd)/README.md
dir=$tree/drivers/iommu/arm/arm-smmu
[ -d "$dir" ] || { echo "mapping: no $dir" >&2; exit 1; }

python3 - "$readme" "$dir" "$fix" <<'PY'
import re, sys
readme, src_dir, fix = sys.argv[1], sys.argv[2], sys.argv[3] == "--fix"
loc_re = re.compile(r"`((?:arm-smmu[\w-]*)\.[ch]):(\d+)`")
name_re = re.compile(r"`(\w+)\(\)")
defs = {}

def definition(path, name):
    key = (path, name)
    if key not in defs:
        lines = open(f"{src_dir}/{path}").read().split("\n")
        found = [i + 1 for i, l in enumerate(lines)
                 if re.match(r"^[A-Za-z_].*\b%s\(" % re.escape(name), l)
                 and not l.rstrip().endswith(";")]
        defs[key] = found[0] if len(found) == 1 else None
    return defs[key]

out, ok, bad = [], 0, 0
for line in open(readme).read().split("\n"):
    cols = line.split("|")
    m = loc_re.search(line)
    if len(cols) > 3 and m:
        n = name_re.search(cols[2])
        want = definition(m.group(1), n.group(1)) if n else None
        if want is None:
            print(f"mapping: no single definition of {n.group(1) if n else '?'}() "
                  f"in {m.group(1)}: {line.strip()}")
            bad += 1
        elif int(m.group(2)) == want:
            ok += 1
        elif fix:
            line = line.replace(m.group(0), f"`{m.group(1)}:{want}`")
            ok += 1
        else:
            print(f"mapping: {n.group(1)}() is at {m.group(1)}:{want}, "
                  f"not {m.group(2)} (model/mapping.sh TREE --fix)")
            bad += 1
    out.append(line)
if fix:
    open(readme, "w").write("\n".join(out))
if ok + bad == 0:
    print("mapping: no `file.c:LINE` locations in the table")
    bad = 1
print(f"{ok} passed, {bad} failed")
sys.exit(1 if bad else 0)
PY
