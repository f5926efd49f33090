# Every target finds a JDK >= 21 itself (bin/find-jdk.sh).
SHELL := /bin/bash
MVN := . bin/find-jdk.sh && mvn -B -ntp

.PHONY: demo test build deb clean

demo: build
	bin/bgpsentry demo

test:
	$(MVN) verify

build:
	$(MVN) -q -DskipTests package

deb: build
	packaging/deb/build.sh target

clean:
	$(MVN) -q clean
