package org.bgpsentry.analytics.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/alerts.md: the alert types, their wire names and default severities are contract. */
class AlertTypeTest {
  @Test
  void typesAndDefaultSeveritiesAreTheContractTable() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put("origin_hijack", "critical");
    table.put("subprefix_hijack", "critical");
    table.put("more_specific", "warning");
    table.put("path_hijack", "critical");
    table.put("rpki_invalid", "warning");
    table.put("route_leak", "critical");
    table.put("suboptimal_path", "warning");
    table.put("community_missing", "warning");
    table.put("visibility_loss", "warning");
    table.put("as_path_anomaly", "info");
    table.put("peer_down", "warning");
    table.put("latency_degraded", "warning");
    Map<String, String> actual = new LinkedHashMap<>();
    Arrays.stream(AlertType.values()).forEach(t -> actual.put(t.wireName(), t.defaultSeverity().wireName()));
    assertThat(actual).containsExactlyEntriesOf(table);
    table.keySet().forEach(name -> assertThat(AlertType.parse(name).wireName()).isEqualTo(name));
    assertThat(AlertType.parse("ORIGIN_HIJACK")).isNull();
  }
}
