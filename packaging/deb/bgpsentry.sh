#!/bin/sh
# /usr/bin/bgpsentry from the Debian package: runs the installed jar on a Java >= 21, with the
# JVM options of bin/bgpsentry (the daemon: parallel collector, 64 MB young generation; one-shot
# commands: serial collector, JVM warnings on stderr so stdout carries only data, and a
# class-data-sharing archive per command in the user's cache directory; those of `replay` and
# `mrt` come from a training run over /usr/share/bgpsentry/training and are rebuilt when the
# jar, the JDK or the training set change; replay and mrt on small inputs with C1 alone and a
# 32 MB young generation; see bin/bgpsentry). BGPSENTRY_JAVA_OPTS overrides them.
set -e
jar=/usr/share/bgpsentry/bgpsentry.jar
java=java
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
         /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ]; then java="$j/bin/java"; break; fi
done
cds_opts=""
cache_opts=""
cds_train() {
  "$java" $default_opts $cache_opts -XX:ArchiveClassesAtExit="$archive.$$" -jar "$jar" "$@" >/dev/null 2>&1 </dev/null
}
case "${1:-}" in
  run|demo) default_opts="-XX:+UseParallelGC -Xmn64m -Xss512k" ;;
  *)
    default_opts="-XX:+UseSerialGC -Xlog:disable -Xlog:all=warning,cds*=off:stderr"
    cache="${BGPSENTRY_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/bgpsentry}"
    name=$(printf '%s' "${1:-}" | tr -cd 'a-z-')
    train="$(dirname "$jar")/training"
    case "$cache" in *[[:space:]]*) name="" ;; esac
    if [ -n "$name" ] && [ -z "${BGPSENTRY_JAVA_OPTS:-}" ] && mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
      # per jar: two installs (a checkout and the package) never take each other's archive
      archive="$cache/$name-$(printf '%s' "$jar" | cksum | cut -d ' ' -f 1).jsa"
      cache_opts="-Dbgpsentry.cache.dir=$cache"
      case "$name" in
        replay|mrt) [ -f "$train/replay.yml" ] && trained=no || trained="" ;;
        *) trained="" ;;
      esac
      if [ -n "$trained" ]; then
        real=$(readlink -f "$(command -v "$java")")
        key="$default_opts $(stat -L -c '%n %s %Y' "$jar" "$real" "$(dirname "$(dirname "$real")")/lib/modules" \
          "$train"/* 2>/dev/null | tr '\n' ' ')"
        if [ ! -f "$archive" ] \
            || [ "$(cat "$archive.key" 2>/dev/null)" != "$key $(stat -c '%s %Y' "$archive" 2>/dev/null)" ]; then
          rm -f "$archive" "$archive.key"
          if [ "$name" = replay ]; then
            cds_train replay --config "$train/replay.yml" --rib "$train/bview.mrt" "$train/updates.mrt.gz" && trained=yes
          else
            cds_train mrt dump "$train/bview.mrt" "$train/updates.mrt.gz" && trained=yes
          fi
          if [ "$trained" = yes ] && [ -s "$archive.$$" ] && printf '%s %s\n' "$key" "$(stat -c '%s %Y' "$archive.$$")" > "$archive.key.$$" \
              && mv -f "$archive.$$" "$archive"; then
            mv -f "$archive.key.$$" "$archive.key" || rm -f "$archive"
          fi
          rm -f "$archive.$$" "$archive.key.$$"
        fi
        if [ -f "$archive" ]; then cds_opts="-XX:SharedArchiveFile=$archive"; fi
      else
        cds_opts="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive"
      fi
    fi
    ;;
esac
# replay and mrt with less than ~5 MB of MRT input: C1 alone and a 32 MB young generation (see
# bin/bgpsentry)
short_opts=""
case "${1:-}" in
  replay|mrt)
    input=0
    first=yes
    for a in "$@"; do
      if [ "$first" = yes ]; then first=no; continue; fi
      if [ -f "$a" ]; then
        size=$(stat -L -c %s -- "$a" 2>/dev/null || echo 0)
        case "$a" in *.gz|*.bz2) ;; *) size=$((size / 4)) ;; esac
        input=$((input + size))
      fi
    done
    [ "$input" -ge 5000000 ] || short_opts="-XX:TieredStopAtLevel=1 -Xmn32m"
    ;;
esac
exec "$java" ${BGPSENTRY_JAVA_OPTS:-$default_opts $cache_opts $cds_opts $short_opts} -jar "$jar" "$@"
