package org.bgpsentry.daemon.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The example alerting rules pass {@code promtool check rules}. */
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
    assertThat(r.output()).contains("SUCCESS: 8 rules found");
  }
}
