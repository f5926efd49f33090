#!/usr/bin/env bash
# Builds bgpsentry_<version>_all.deb from daemon/target/bgpsentry.jar with dpkg-deb.
# Usage: packaging/deb/build.sh [OUTDIR]   (run by `make deb`; OUTDIR defaults to target/)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/target}
jar="$root/daemon/target/bgpsentry.jar"
[ -f "$jar" ] || { echo "deb: $jar missing: run 'make build' first" >&2; exit 1; }
version=$(sed -n 's:.*<version>\([^<]*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)
version=${version%-SNAPSHOT}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/bgpsentry"
install -d "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/share/bgpsentry/training" "$pkg/lib/systemd/system" \
  "$pkg/etc/bgpsentry" "$pkg/usr/share/doc/bgpsentry/examples"
install -m 0644 "$jar" "$pkg/usr/share/bgpsentry/bgpsentry.jar"
install -m 0755 "$root/packaging/deb/bgpsentry.sh" "$pkg/usr/bin/bgpsentry"
install -m 0644 "$root/packaging/jvm-options.sh" "$pkg/usr/share/bgpsentry/jvm-options.sh"
# the launcher's class-data-sharing training set (TrainingSetTest)
install -m 0644 "$root"/packaging/training/* "$pkg/usr/share/bgpsentry/training/"
install -m 0644 "$root/packaging/systemd/bgpsentry.service" "$pkg/lib/systemd/system/bgpsentry.service"
sed "s|^state_dir: .*|state_dir: /var/lib/bgpsentry|" "$root/examples/bgpsentry.yml" > "$pkg/etc/bgpsentry/bgpsentry.yml"; chmod 0640 "$pkg/etc/bgpsentry/bgpsentry.yml"
install -m 0640 "$root/examples/prefixes.yml" "$pkg/etc/bgpsentry/prefixes.yml"
install -m 0644 "$root/README.md" "$pkg/usr/share/doc/bgpsentry/README.md"
install -m 0644 "$root/packaging/grafana/bgpsentry.json" "$pkg/usr/share/doc/bgpsentry/examples/grafana-dashboard.json"
install -m 0644 "$root/packaging/prometheus/bgpsentry-rules.yml" "$pkg/usr/share/doc/bgpsentry/examples/prometheus-rules.yml"
cat > "$pkg/usr/share/doc/bgpsentry/copyright" <<'COPY'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: bgpsentry

Files: *
Copyright: bgpsentry authors
License: Apache-2.0
 On Debian systems, the full text of the Apache License 2.0 is in
 /usr/share/common-licenses/Apache-2.0.
COPY
gzip -9n -c > "$pkg/usr/share/doc/bgpsentry/changelog.gz" <<CHG
bgpsentry ($version) stable; urgency=medium

  * Release $version.

 -- bgpsentry maintainers <maintainers@bgpsentry.invalid>  $(date -R -u -d @0)
CHG
size=$(du -sk "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CTL
Package: bgpsentry
Version: $version
Section: net
Priority: optional
Architecture: all
Depends: openjdk-25-jre-headless | openjdk-21-jre-headless | temurin-25-jdk | temurin-21-jdk | java21-runtime-headless, adduser
Installed-Size: $size
Maintainer: bgpsentry maintainers <maintainers@bgpsentry.invalid>
Homepage: https://bgpsentry.invalid/
Description: BGP route-monitoring daemon
 Routers peer with bgpsentry over ordinary BGP; it never advertises a route.
 It keeps an Adj-RIB-In per peer and watches registered prefixes for
 hijacks, route leaks, RPKI invalids, suboptimal AS paths and lost
 visibility, alerting by webhook, Prometheus metrics and a REST API.
CTL
printf '/etc/bgpsentry/bgpsentry.yml\n/etc/bgpsentry/prefixes.yml\n' > "$pkg/DEBIAN/conffiles"
install -m 0755 "$root/packaging/deb/postinst" "$pkg/DEBIAN/postinst"
install -m 0755 "$root/packaging/deb/prerm" "$pkg/DEBIAN/prerm"
install -m 0755 "$root/packaging/deb/postrm" "$pkg/DEBIAN/postrm"
mkdir -p "$out"
deb="$out/bgpsentry_${version}_all.deb"
fakeroot dpkg-deb --build -Zxz "$pkg" "$deb" >/dev/null
echo "$deb"
