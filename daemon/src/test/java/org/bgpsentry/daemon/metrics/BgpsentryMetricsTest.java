package org.bgpsentry.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** docs/metrics.md: exported names, labels and values, checked in the exposition text. */
class BgpsentryMetricsTest {
  private static final Prefix P = EveryMetric.PREFIX;

  private static String text(BgpsentryMetrics m) {
    return EveryMetric.text(m);
  }

  @Test
  void everyContractNameIsExportedExactly() {
    BgpsentryMetrics m = EveryMetric.touched();
    String t = text(m);
    assertThat(t)
        .contains(
            "bgpsentry_bgp_session_up{peer=\"edge1\"} 1.0",
            "bgpsentry_bgp_session_state{peer=\"edge1\",state=\"established\"} 1.0",
            "bgpsentry_bgp_session_state{peer=\"edge1\",state=\"idle\"} 0.0",
            "bgpsentry_bgp_session_flaps_total{peer=\"edge1\"} 1.0",
            "bgpsentry_bgp_messages_received_total{peer=\"edge1\",type=\"update\"} 1.0",
            "bgpsentry_bgp_update_errors_total{action=\"treat_as_withdraw\",peer=\"edge1\"} 1.0",
            "bgpsentry_bgp_refused_connections_total 1.0",
            "bgpsentry_bgp_routes{afi=\"ipv4\",peer=\"edge1\"} 1234.0",
            "bgpsentry_alerts_total{severity=\"critical\",type=\"origin_hijack\"} 1.0",
            "bgpsentry_alerts_firing{type=\"origin_hijack\"} 1.0",
            "bgpsentry_alerts_firing{type=\"route_leak\"} 0.0",
            "bgpsentry_prefix_visible_peers{prefix=\"203.0.113.0/24\"} 2.0",
            "bgpsentry_prefix_best_path_length{prefix=\"203.0.113.0/24\"} 3.0",
            "bgpsentry_prefix_changes_total{prefix=\"203.0.113.0/24\"} 1.0",
            "bgpsentry_prefix_rtt_seconds_bucket{prefix=\"203.0.113.0/24\",le=\"0.025\"} 1",
            "bgpsentry_prefix_rtt_seconds_count{prefix=\"203.0.113.0/24\"} 1",
            "bgpsentry_prefix_probe_failures_total{prefix=\"203.0.113.0/24\"} 1.0",
            "bgpsentry_webhook_deliveries_total{outcome=\"ok\",webhook=\"noc\"} 1.0",
            "bgpsentry_webhook_outbox_pending{webhook=\"noc\"} 0.0",
            "bgpsentry_rpki_vrps{afi=\"ipv4\"} 500.0",
            "bgpsentry_update_to_alert_seconds_bucket{le=\"0.005\"} 1",
            "bgpsentry_update_to_alert_seconds_count 1",
            "bgpsentry_probes_total 1.0",
            "bgpsentry_webhook_outbox_dropped_total{webhook=\"noc\"} 1.0",
            "bgpsentry_analytics_queue_depth 7.0",
            "bgpsentry_ingest_paused 1.0",
            "bgpsentry_ingest_pauses_total 1.0",
            "bgpsentry_alert_dispatcher_backlog 2.0",
            "bgpsentry_alert_dispatcher_blocks_total 1.0",
            "bgpsentry_alert_dispatcher_blocked_seconds_total 1.5",
            "bgpsentry_alert_transitions_truncated_total 1.0",
            "bgpsentry_alert_transitions_dropped_total{reason=\"too_large\"} 1.0",
            "bgpsentry_alert_transitions_dropped_total{reason=\"unserializable\"} 0.0");
    assertThat(t).doesNotContain("_total_total").doesNotContain("session_up_total");
  }

  /**
   * Issue 12 §2: series known in advance exist at 0 before their first event, so rate() and
   * increase() see it; a gauge of a rate became the counter bgpsentry_probes_total.
   */
  /** Rates are counters: every {@code _total} is typed counter, and no gauge carries a rate. */
  @Test
  void ratesAreCountersAndNoGaugeIsARate() {
    String t = text(EveryMetric.touched());
    List<String> types = t.lines().filter(l -> l.startsWith("# TYPE bgpsentry_")).toList();
    assertThat(types).isNotEmpty();
    for (String line : types) {
      String[] f = line.split(" ");
      String name = f[2];
      String type = f[3];
      if (name.endsWith("_total")) {
        assertThat(type).as(name).isEqualTo("counter");
      }
      if (type.equals("gauge")) {
        assertThat(name).as("a gauge").doesNotContain("per_second", "_rate", "_total");
      }
    }
  }

  @Test
  void knownSeriesExistAtZeroBeforeAnyEvent() {
    BgpsentryMetrics m = new BgpsentryMetrics();
    m.peerConfigured("edge1");
    m.retainPrefixes(Set.of(P));
    m.prefixProbed(P);
    m.webhookConfigured("noc");
    String t = text(m);
    assertThat(t)
        .contains(
            "bgpsentry_bgp_session_flaps_total{peer=\"edge1\"} 0.0",
            "bgpsentry_prefix_changes_total{prefix=\"203.0.113.0/24\"} 0.0",
            "bgpsentry_prefix_probe_failures_total{prefix=\"203.0.113.0/24\"} 0.0",
            "bgpsentry_prefix_rtt_seconds_count{prefix=\"203.0.113.0/24\"} 0",
            "bgpsentry_probes_total 0.0",
            "bgpsentry_bgp_refused_connections_total 0.0");
    for (String type : List.of("open", "update", "notification", "keepalive", "route_refresh")) {
      assertThat(t).contains("bgpsentry_bgp_messages_received_total{peer=\"edge1\",type=\"" + type + "\"} 0.0");
    }
    for (String action : List.of("attribute_discard", "treat_as_withdraw", "afi_safi_disable", "session_reset")) {
      assertThat(t).contains("bgpsentry_bgp_update_errors_total{action=\"" + action + "\",peer=\"edge1\"} 0.0");
    }
    for (String outcome : List.of("ok", "retry", "failed")) {
      assertThat(t).contains("bgpsentry_webhook_deliveries_total{outcome=\"" + outcome + "\",webhook=\"noc\"} 0.0");
    }
    assertThat(t).contains("bgpsentry_webhook_outbox_dropped_total{webhook=\"noc\"} 0.0",
        "bgpsentry_analytics_queue_depth 0.0", "bgpsentry_ingest_paused 0.0", "bgpsentry_ingest_pauses_total 0.0",
        "bgpsentry_alert_dispatcher_backlog 0.0", "bgpsentry_alert_dispatcher_blocks_total 0.0",
        "bgpsentry_alert_dispatcher_blocked_seconds_total 0.0", "bgpsentry_alert_transitions_truncated_total 0.0");
    for (String reason : BoundsMetrics.DROP_REASONS) {
      assertThat(t).contains("bgpsentry_alert_transitions_dropped_total{reason=\"" + reason + "\"} 0.0");
    }
    for (AlertType type : AlertType.values()) {
      assertThat(t).contains("bgpsentry_alerts_firing{type=\"" + type.wireName() + "\"} 0.0");
      for (Severity severity : Severity.values()) {
        assertThat(t).contains("bgpsentry_alerts_total{severity=\"" + severity.wireName() + "\",type=\""
            + type.wireName() + "\"} 0.0");
      }
    }
    assertThat(t).doesNotContain("probes_per_second");
    m.removePeer("edge1");
    m.removeWebhook("noc");
    m.retainPrefixes(Set.of());
    assertThat(text(m)).doesNotContain("edge1").doesNotContain("noc").doesNotContain("203.0.113.0/24");
  }

  @Test
  void stateChangeMovesTheOneAndUnregisteredPrefixesDisappear() {
    BgpsentryMetrics m = new BgpsentryMetrics();
    m.sessionState("edge1", "established");
    m.sessionState("edge1", "idle");
    m.prefixVisiblePeers(P, 1);
    m.prefixVisiblePeers(Prefix.parse("198.51.100.0/24"), 1);
    m.retainPrefixes(Set.of(P));
    m.removePeer("gone");
    String t = text(m);
    assertThat(t)
        .contains("bgpsentry_bgp_session_up{peer=\"edge1\"} 0.0")
        .contains("bgpsentry_bgp_session_state{peer=\"edge1\",state=\"idle\"} 1.0")
        .contains("bgpsentry_bgp_session_state{peer=\"edge1\",state=\"established\"} 0.0")
        .contains("prefix=\"203.0.113.0/24\"")
        .doesNotContain("198.51.100.0/24");
    m.removePeer("edge1");
    assertThat(text(m)).doesNotContain("edge1");
  }

  @Test
  void perPrefixSeriesAreCapped() {
    BgpsentryMetrics m = new BgpsentryMetrics(2);
    for (int i = 0; i < 5; i++) {
      m.prefixChange(Prefix.ipv4(0x0a000000 + (i << 8), 24));
    }
    assertThat(text(m).lines().filter(l -> l.startsWith("bgpsentry_prefix_changes_total{"))).hasSize(2);
  }

  @Test
  void openMetricsWhenAsked() {
    BgpsentryMetrics m = new BgpsentryMetrics();
    m.refusedConnection();
    BgpsentryMetrics.Scrape s = m.scrape("application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
    assertThat(s.contentType()).startsWith("application/openmetrics-text");
    String body = new String(s.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("bgpsentry_bgp_refused_connections_total 1.0").endsWith("# EOF\n");
    assertThat(m.scrape(null).contentType()).startsWith("text/plain; version=0.0.4");
  }

  /**
   * Micrometer holds a function meter's object weakly: the bmp_raw pause counter's supplier, which
   * only the registration referenced, was collected and the counter read NaN (a CI failure of
   * KafkaBmpRawTest). The metrics object holds it now.
   */
  @Test
  void bmpRawPausesOutliveAGarbageCollection() {
    BgpsentryMetrics m = new BgpsentryMetrics();
    java.util.concurrent.atomic.AtomicLong pauses = new java.util.concurrent.atomic.AtomicLong(3);
    m.kafkaBmpRawBacklog(() -> 0, pauses::get);
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    assertThat(text(m)).contains("bgpsentry_kafka_bmp_raw_pauses_total 3.0");
  }
}
