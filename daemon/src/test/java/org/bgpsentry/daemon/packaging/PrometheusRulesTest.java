package org.bgpsentry.daemon.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example alerting rules pass {@code promtool check rules}. */
class PrometheusRulesTest {
  @Test
  void exampleRulesPassPromtool() throws Exception {
    assumeTrue(Tools.onPath("promtool"), "promtool is not installed (apt-get install prometheus)");
    Path rules =
        Tools.root("packaging/prometheus/bgpsentry-rules.yml")
            .resolve("packaging/prometheus/bgpsentry-rules.yml");
    long written =
        Files.readAllLines(rules).stream().filter(l -> l.strip().startsWith("- alert:")).count();
    Tools.Result r = Tools.run("promtool", "check", "rules", rules.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    // every rule written in the file is one promtool loaded: none lost to indentation
    assertThat(written).isPositive();
    assertThat(r.output()).contains("SUCCESS: " + written + " rules found");
  }
}
