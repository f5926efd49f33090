# JVM options of the bgpsentry launchers (bin/bgpsentry, and /usr/bin/bgpsentry from the Debian
# package), sourced by both with $java (the java binary), $jar and $train (the class-data-sharing
# training set, packaging/training) set, and the command's arguments as "$@". POSIX sh: the
# package's launcher is /bin/sh. Sets $jvm_opts; BGPSENTRY_JAVA_OPTS replaces them all.
#
# The daemon (run, demo) gets the parallel collector with a fixed 64 MB young generation: a full
# table leaves ~100 MB live, and a young generation sized by the collector's defaults (a share of
# the machine's RAM) only adds resident memory (docs/performance.md, "Full-table
# receive", and its git history). One-shot commands (mrt dump, replay, check-config) start faster with the
# serial collector and a class-data-sharing archive per command in the user's cache directory
# (it saves ~0.4 s of class loading per run). JVM warnings go to stderr (stdout carries the data);
# CDS's messages are off (an unusable archive only means a run without it).
#
# The archives of `replay` and `mrt` come from a training run over $train (a small RIB and
# updates that raise every alert type replay can raise), so they hold the classes of the paths a
# real replay takes whatever the first real run was; they are rebuilt when the jar, the JDK, the
# JVM options or the training set change (the key file next to the archive), and a failed
# training or an unusable archive only means a run without one. Other one-shot commands keep an
# archive of their first run (-XX:+AutoCreateSharedArchive). `replay` also keeps a binary
# snapshot of a registry it has found valid there (-Dbgpsentry.cache.dir; RegistrySnapshot),
# used only for the very same bytes and jar.
#
# `replay` and `mrt` on small inputs: C1 alone and a 32 MB young generation. Below ~5 MB of MRT
# (the ET 2015 update file is 3.1 MB) the run is over before C2's code pays for its compilation,
# which takes about as much CPU as the whole replay, and a young generation sized for the machine
# only costs the kernel fresh pages; from 6-9 MB on (two or three such files, the 2002 RIB + 9
# update files with a 100k registry) tiered compilation's steady state is as fast or faster on an
# idle machine (docs/performance.md, "Replay vs bgpdump"). Counted: the sizes of the
# arguments that are files, an uncompressed file at a quarter (gzip/bzip2 shrink MRT 4-6x).
cds_opts=""
cache_opts=""
short_opts=""
cds_train() {
  "$java" $default_opts $cache_opts -XX:ArchiveClassesAtExit="$archive.$$" -jar "$jar" "$@" >/dev/null 2>&1 </dev/null
}
case "${1:-}" in
  run|demo) default_opts="-XX:+UseParallelGC -Xmn64m -Xss512k" ;;
  *)
    default_opts="-XX:+UseSerialGC -Xlog:disable -Xlog:all=warning,cds*=off:stderr"
    cache="${BGPSENTRY_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/bgpsentry}"
    name=$(printf '%s' "${1:-}" | tr -cd 'a-z-')
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
        # the key file also holds the archive's own size and time: a truncated or rewritten
        # archive is made again
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
    ;;
esac
jvm_opts="${BGPSENTRY_JAVA_OPTS:-$default_opts $cache_opts $cds_opts $short_opts}"
