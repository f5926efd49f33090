#!/bin/sh
# /usr/bin/bgpsentry from the Debian package: runs the installed jar on a Java >= 21, with the
# JVM options of bin/bgpsentry (the daemon: parallel collector, 64 MB young generation; one-shot
# commands: serial collector, JVM warnings on stderr so stdout carries only data).
# BGPSENTRY_JAVA_OPTS overrides them.
set -e
case "${1:-}" in
  run|demo) default_opts="-XX:+UseParallelGC -Xmn64m -Xss512k" ;;
  *) default_opts="-XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr" ;;
esac
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
         /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ]; then exec "$j/bin/java" ${BGPSENTRY_JAVA_OPTS:-$default_opts} -jar /usr/share/bgpsentry/bgpsentry.jar "$@"; fi
done
exec java ${BGPSENTRY_JAVA_OPTS:-$default_opts} -jar /usr/share/bgpsentry/bgpsentry.jar "$@"
