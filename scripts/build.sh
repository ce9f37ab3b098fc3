#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build one configuration of the matrix from configs/NAME.config.
#   build.sh NAME [TARGET...]   (default: the fragment's "# make:" line, or
#                               the arm-smmu directory)
#   build.sh all                every configuration, as make check builds it
# The config is allnoconfig plus the fragment; every option the fragment
# asks for must survive olddefconfig, or the build stops and says which.
# Warnings (W=1) of the directory are written to $OUT/NAME/warnings.txt.
. "$(dirname "$0")/lib.sh"
series_config

cfg=${1:?usage: build.sh NAME|all [TARGET...]}; shift
if [ "$cfg" = all ]; then
	for c in $(matrix); do
		"$0" "$c" || exit 1
	done
	exit 0
fi
frag=$TOP/configs/$cfg.config
[ -f "$frag" ] || die "no such config: configs/$cfg.config"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	read -r -a targets < <(sed -n 's/^# make: *//p' "$frag") || true
	[ ${#targets[@]} -gt 0 ] || targets=(drivers/iommu/arm/arm-smmu/)
fi

case "$cfg" in
arm64*) arch=arm64; cross=aarch64-linux-gnu-; need_cmd ${cross}gcc gcc-aarch64-linux-gnu ;;
arm-*)	arch=arm; cross=arm-linux-gnueabihf-; need_cmd ${cross}gcc gcc-arm-linux-gnueabihf ;;
*)	die "configs/$cfg.config: name must start with arm64 or arm-" ;;
esac
need_cmd ccache ccache
need_cmd flex flex
need_cmd bison bison

obj=${BUILD_OUT:-$OUT}/$cfg
mkdir -p "$obj"
mk=(make -C "$TREE" O="$obj" ARCH=$arch CROSS_COMPILE=$cross
    CC="ccache ${cross}gcc" -j"$JOBS")

configure() {
	"${mk[@]}" allnoconfig
	"$TREE"/scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$frag"
	"${mk[@]}" olddefconfig
	local missing
	# Options after a "# optional:" line may be absent (the base kernel
	# lacks what the series adds).
	missing=$(sed '/^# optional:/,$d' "$frag" |
		grep -E '^(CONFIG_[A-Z0-9_]+=.*|# CONFIG_[A-Z0-9_]+ is not set)$' |
		while read -r line; do grep -qxF "$line" "$obj/.config" || echo "$line"; done)
	if [ -n "$missing" ]; then
		echo "options of configs/$cfg.config not in the final .config:"
		echo "$missing"
		return 1
	fi
}

compile() {
	# Compile the driver directory every time, so that warnings.txt lists
	# the warnings of all its files, not only of those that changed since
	# the last build in this directory (ccache replays them cheaply).
	rm -f "$obj"/drivers/iommu/arm/arm-smmu/*.o
	"${mk[@]}" W=1 "${targets[@]}" 2>&1 | tee "$obj/build.txt"
	[ "${PIPESTATUS[0]}" -eq 0 ] || return 1
	[ "${targets[*]}" != modules ] || check_module_exports
	# One line per warning, without line numbers, so a base and a series
	# build can be compared.
	grep -E '^[^ ]*drivers/iommu/arm/arm-smmu/[^:]*:[0-9]+:[0-9]+: warning:' "$obj/build.txt" |
		sed -E 's#^.*(drivers/iommu/arm/arm-smmu/[^:]*):[0-9]+:[0-9]+:#\1:#' |
		sort -u >"$obj/warnings.txt" || true
}

# Modules built without vmlinux: modpost cannot resolve core symbols, so
# check the links between the arm-smmu modules by hand: whatever one of them
# uses from another must be in modules-only.symvers (exported).
check_module_exports() {
	local d=$obj/drivers/iommu/arm/arm-smmu ko sym bad=0
	local defined
	defined=$(for ko in "$d"/*.ko; do ${cross}nm --defined-only "$ko"; done |
		awk '$2 ~ /^[TDRB]$/ {print $3}' | sort -u)
	for ko in "$d"/*.ko; do
		for sym in $(${cross}nm -u "$ko" | awk '{print $2}'); do
			grep -qxF "$sym" <<<"$defined" || continue
			if ! awk '{print $2}' "$obj/modules-only.symvers" | grep -qxF "$sym"; then
				echo "$(basename "$ko") uses $sym, which is not exported"
				bad=1
			fi
		done
	done
	echo "module exports: $(ls "$d"/*.ko | wc -l) arm-smmu module(s) checked"
	return $bad
}

case "${targets[*]}" in
modules) mk+=(KBUILD_MODPOST_WARN=1) ;;
esac

# Configuring takes three passes of kconfig: skip them when the tree, the
# fragment, the compiler, this script and every Kconfig file are as they
# were the last time (the check of the fragment's options ran then).
stamps=${BUILD_OUT:-$OUT}/stamps
key=$(key_of "$TREE" "$arch" "$frag" "$TOP/scripts/build.sh" "$(${cross}gcc --version | head -n 1)")
if [ -f "$obj/.config" ] && stamped "$stamps" "config-$cfg" "$key" &&
   [ -z "$(find "$TREE" -path "$TREE/.git" -prune -o -name 'Kconfig*' -newer "$stamps/config-$cfg" -print -quit)" ]; then
	log "build-$SERIES-$cfg-config: unchanged since the last build"
else
	rm -f "$stamps/config-$cfg"
	run_logged "build-$SERIES-$cfg-config" configure
	stamp "$stamps" "config-$cfg" "$key"
fi
run_logged "build-$SERIES-$cfg" compile
n=$(wc -l <"$obj/warnings.txt")
log "build $cfg: ok, $n W=1 warning(s) in drivers/iommu/arm/arm-smmu/"
