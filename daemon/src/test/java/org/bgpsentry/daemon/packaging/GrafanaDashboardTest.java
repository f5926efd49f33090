package org.bgpsentry.daemon.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bgpsentry.daemon.metrics.EveryMetric;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the example alerting rules load and query only exported series.
 * The Grafana dashboard loads (valid JSON, every panel has a Prometheus query) and queries only
 * series the daemon really exports: every {@code bgpsentry_*} name in its expressions appears in
 * a scrape of the daemon's metrics with each metric touched once ({@link EveryMetric}).
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

  /** Alert type label values in the dashboard's and the rules' alert queries are real types. */
  @Test
  void alertTypesQueriedAreAlertTypes() throws Exception {
    Pattern typeLabel = Pattern.compile("bgpsentry_alerts_[a-z_]+\\{type=~?\\\\?\"([a-z_|]+)");
    int n = 0;
    for (String f : java.util.List.of("packaging/grafana/bgpsentry.json", "packaging/prometheus/bgpsentry-rules.yml")) {
      Matcher m = typeLabel.matcher(java.nio.file.Files.readString(Tools.root(f).resolve(f)));
      while (m.find()) {
        for (String t : m.group(1).split("\\|")) {
          n++;
          assertThat(org.bgpsentry.analytics.alert.AlertType.parse(t)).as("%s in %s", t, f).isNotNull();
        }
      }
    }
    assertThat(n).as("community_missing and suboptimal_path are queried by type").isGreaterThanOrEqualTo(4);
  }

  private static String scrapeWithEveryMetricTouched() {
    return EveryMetric.text(EveryMetric.touched());
  }

}
