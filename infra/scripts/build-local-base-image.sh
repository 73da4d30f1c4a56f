#!/usr/bin/env bash
# Builds a stand-in for eclipse-temurin:25-jre from this machine's JDK, as a `docker save` tar that Jib can use as
# a base (-Djib.from.image=tar://...), for verifying images where no registry is reachable (CI, verify-images.sh).
# Contents: a jlink'ed Java 25 runtime in /opt/java/openjdk with its default CDS archive (as in the Temurin images), the host's glibc and
# loader, the bash/grep/head the ECS health check uses, /tmp, and the passwd/group files of the Ubuntu base.
#
#   infra/scripts/build-local-base-image.sh [output.tar]      (default: infra/target/base-image/bowwow-base.tar)
# Environment: JDK (default $JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$REPO_ROOT/infra/target/base-image/bowwow-base.tar}"
JDK="${JDK:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"
MODULES="java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.crypto.cryptoki,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.httpserver,jdk.localedata,jdk.charsets"

[[ -x "$JDK/bin/jlink" ]] || { echo "no jlink in $JDK" >&2; exit 1; }
"$JDK/bin/java" -version 2>&1 | grep -q '"25' || { echo "$JDK is not a JDK 25" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"
mkdir -p "$ROOT"/{opt/java,etc,tmp,bin,usr/bin} "$(dirname "$OUT")"
chmod 1777 "$ROOT/tmp"

# --generate-cds-archive: the JDK's default CDS archive (lib/server/classes.jsa), as the Temurin JRE ships it;
# without it every start loads the JDK's own classes from scratch and start-up figures are too slow
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
	--output "$ROOT/opt/java/openjdk"

cp -L /bin/bash "$ROOT/bin/bash"
ln -s bash "$ROOT/bin/sh"
cp -L "$(command -v grep)" "$ROOT/usr/bin/grep"
cp -L "$(command -v head)" "$ROOT/usr/bin/head"

# Every shared library the runtime and the tools link against, at the path the loader looks for it
while read -r lib; do
	mkdir -p "$ROOT$(dirname "$lib")"
	cp -L "$lib" "$ROOT$lib"
done < <(find "$ROOT" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
	| xargs -0 ldd 2>/dev/null | grep -oE '(=> )?/[^ ]+ \(0x' | sed -E 's/^=> //; s/ \(0x$//' | grep -v "^$ROOT/" | sort -u)

# As in the Ubuntu-based Temurin image: root and ubuntu only. The images run as 65532, which has no entry there
# either, so the JVM must cope without one (user.home "?") here as it must in production.
cat > "$ROOT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/bash
ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash
PASSWD
printf 'root:x:0:\nubuntu:x:1000:\n' > "$ROOT/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$ROOT/etc/nsswitch.conf"

# One layer, reproducible ordering and ownership
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime='2026-01-01 00:00Z' -C "$ROOT" -cf "$WORK/layer.tar" .
DIFF_ID="sha256:$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)"
VERSION="$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
cat > "$WORK/config.json" <<CONFIG
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.description":"local stand-in for eclipse-temurin:25-jre (Java $VERSION)"}},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},
 "history":[{"created_by":"infra/scripts/build-local-base-image.sh"}]}
CONFIG
printf '[{"Config":"config.json","RepoTags":["bowwow-local-base:25"],"Layers":["layer.tar"]}]\n' > "$WORK/manifest.json"
tar --numeric-owner --owner=0 --group=0 -C "$WORK" -cf "$OUT" manifest.json config.json layer.tar
echo "$OUT ($(du -h "$OUT" | cut -f1), Java $VERSION)"
