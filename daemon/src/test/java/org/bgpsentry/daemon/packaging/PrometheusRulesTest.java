package org.bgpsentry.daemon.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The example alerting rules pass {@code promtool check rules}, every one of them counted. */
class PrometheusRulesTest {
  @Test
  void exampleRulesPassPromtool() throws Exception {
    assumeTrue(Tools.onPath("promtool"), "promtool not installed (Debian package prometheus)");
    String rules =
        Tools.root("packaging/prometheus/bgpsentry-rules.yml")
            .resolve("packaging/prometheus/bgpsentry-rules.yml")
            .toString();
    Tools.Result r = Tools.run("promtool", "check", "rules", rules);
    assertThat(r.exit()).as(r.output()).isZero();
    long written = java.nio.file.Files.readAllLines(java.nio.file.Path.of(rules)).stream()
        .filter(l -> l.strip().startsWith("- alert:")).count();
    assertThat(r.output()).contains("SUCCESS: " + written + " rules found");
  }
}
