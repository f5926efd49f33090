# Sourced by bin/bgpsentry, the Makefile and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME, java on PATH, then the newest JDK under /usr/lib/jvm.
_bgps_java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
_bgps_find_jdk() {
  local c m
  for c in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
           $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c=${c%/}
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    m=$(_bgps_java_major "$c")
    if [ -n "$m" ] && [ "$m" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! BGPS_JDK=$(_bgps_find_jdk); then
  echo "bgpsentry needs a JDK >= 21 (none found in JAVA_HOME, PATH or /usr/lib/jvm)." >&2
  echo "Install one, e.g.: apt-get install openjdk-21-jdk-headless (or Temurin 21/25), or set JAVA_HOME." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$BGPS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
