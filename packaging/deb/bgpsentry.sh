#!/bin/sh
# /usr/bin/bgpsentry from the Debian package: runs the installed jar on a Java >= 21.
set -e
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
         /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ]; then exec "$j/bin/java" ${BGPSENTRY_JAVA_OPTS:--XX:+UseParallelGC} -jar /usr/share/bgpsentry/bgpsentry.jar "$@"; fi
done
exec java ${BGPSENTRY_JAVA_OPTS:--XX:+UseParallelGC} -jar /usr/share/bgpsentry/bgpsentry.jar "$@"
