# Every target finds a JDK >= 21 itself (bin/find-jdk.sh).
SHELL := /bin/bash
MVN := . bin/find-jdk.sh && mvn -B -ntp

.PHONY: demo test build deb clean

demo: build
	bin/bgpsentry demo

# then the skip summary (also after a failed build): what was skipped (only ever a missing
# program) and the apt-get line that would run it; with CI=true (.ci/run) a skip fails
test:
	@mkdir -p target && touch target/test-started
	$(MVN) verify; rc=$$?; . bin/find-jdk.sh && java .ci/SkippedTests.java target/test-started || rc=1; exit $$rc

# after the jar, the launcher's class-data-sharing archives of replay and mrt (bin/bgpsentry),
# so that the first replay after a build already starts from one
build:
	$(MVN) -q -DskipTests package
	bin/bgpsentry mrt dump packaging/training/bview.mrt >/dev/null
	bin/bgpsentry replay --config packaging/training/replay.yml packaging/training/updates.mrt.gz >/dev/null 2>&1

deb: build
	packaging/deb/build.sh target

clean:
	$(MVN) -q clean
