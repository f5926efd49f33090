#!/bin/sh
# /usr/bin/bgpsentry from the Debian package: runs the installed jar on a Java >= 21, with the
# JVM options of bin/bgpsentry (/usr/share/bgpsentry/jvm-options.sh, packaging/jvm-options.sh in
# the source; the training set of the class-data-sharing archives in
# /usr/share/bgpsentry/training). BGPSENTRY_JAVA_OPTS overrides them.
set -e
jar=/usr/share/bgpsentry/bgpsentry.jar
java=java
for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
         /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ]; then java="$j/bin/java"; break; fi
done
train="$(dirname "$jar")/training"
. "$(dirname "$jar")/jvm-options.sh"
exec "$java" $jvm_opts -jar "$jar" "$@"
