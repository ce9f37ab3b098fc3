#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check the Debian packages the workbench needs; install the missing ones
# when run as root, otherwise print the exact apt-get line and stop.
. "$(dirname "$0")/lib.sh"

# command:package pairs
need=(git:git make:make gcc:gcc perl:perl python3:python3 flex:flex bison:bison
      bc:bc ccache:ccache xz:xz-utils cpio:cpio dpkg-source:dpkg-dev
      aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu
      arm-linux-gnueabihf-gcc:gcc-arm-linux-gnueabihf
      qemu-system-aarch64:qemu-system-arm spatch:coccinelle ocamlopt:ocaml-nox spin:spin
      rsync:rsync)
# header:package pairs
hdrs=(/usr/include/libelf.h:libelf-dev /usr/include/openssl/ssl.h:libssl-dev
      "$(git --exec-path 2>/dev/null || echo /usr/lib/git-core)/git-send-email:git-email")

missing=()
for p in "${need[@]}"; do
	command -v "${p%%:*}" >/dev/null 2>&1 || missing+=("${p#*:}")
done
for p in "${hdrs[@]}"; do
	[ -e "${p%%:*}" ] || missing+=("${p#*:}")
done
[ ${#missing[@]} -eq 0 ] && { log "deps: all tools present"; exit 0; }

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run: $line"
fi
log "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run_logged apt-get-update apt-get update
run_logged apt-get-install $line
