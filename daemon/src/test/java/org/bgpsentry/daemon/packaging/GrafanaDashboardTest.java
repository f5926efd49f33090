package org.bgpsentry.daemon.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the example alerting rules load and query only exported series.
 * The Grafana dashboard loads (valid JSON, every panel has a Prometheus query) and queries only
 * series the daemon really exports: every {@code bgpsentry_*} name in its expressions appears in
 * a scrape of {@link BgpsentryMetrics} with each metric touched once.
 */
class GrafanaDashboardTest {
  private static final Pattern METRIC = Pattern.compile("\\bbgpsentry_[a-z0-9_]+");

  @Test
  void everyQueriedSeriesIsExported() throws Exception {
    Path file = Tools.root("packaging/grafana/bgpsentry.json").resolve("packaging/grafana/bgpsentry.json");
    JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("bgpsentry");
    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(15);

    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        Matcher m = METRIC.matcher(target.path("expr").asText());
        while (m.find()) {
          queried.add(m.group());
        }
      }
    }
    String exported = scrapeWithEveryMetricTouched();
    for (String name : queried) {
      assertThat(exported).as("dashboard queries %s", name).containsPattern("(?m)^" + name + "[{ ]");
    }
  }

  @Test
  void alertingRulesQueryOnlyExportedSeries() throws Exception {
    Path rules = Tools.root("packaging/prometheus/bgpsentry-rules.yml").resolve("packaging/prometheus/bgpsentry-rules.yml");
    Matcher m = METRIC.matcher(java.nio.file.Files.readString(rules));
    String exported = scrapeWithEveryMetricTouched();
    int n = 0;
    while (m.find()) {
      n++;
      assertThat(exported).as("rules query %s", m.group()).containsPattern("(?m)^" + m.group() + "[{ ]");
    }
    assertThat(n).isPositive();
  }

  private static String scrapeWithEveryMetricTouched() {
    BgpsentryMetrics m = new BgpsentryMetrics();
    Prefix p = Prefix.parse("203.0.113.0/24");
    m.sessionState("edge1", "established");
    m.sessionFlap("edge1");
    m.messageReceived("edge1", "update");
    m.updateError("edge1", "treat_as_withdraw");
    m.refusedConnection();
    m.routes("edge1", "ipv4", 1);
    m.alertFired(AlertType.ORIGIN_HIJACK, Severity.CRITICAL);
    m.alertsFiring(AlertType.ORIGIN_HIJACK, 1);
    m.updateToAlert(Duration.ofMillis(1));
    m.prefixVisiblePeers(p, 1);
    m.prefixBestPathLength(p, 3);
    m.prefixChange(p);
    m.prefixRtt(p, Duration.ofMillis(12));
    m.prefixProbeFailure(p);
    m.webhookDelivery("noc", "ok");
    m.webhookOutboxPending("noc", 0);
    m.rpkiVrps("ipv4", 10);
    m.probesPerSecond(() -> 3.0);
    return new String(m.scrape("text/plain").body(), StandardCharsets.UTF_8);
  }
}
