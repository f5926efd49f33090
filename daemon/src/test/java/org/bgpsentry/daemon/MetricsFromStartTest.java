package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §2 end to end: a fresh daemon (the components {@code run} wires) shows every series
 * known in advance at 0 on /metrics before any event, and a reload adds and removes them with
 * the peers, registered prefixes and webhooks. The series of the bounds (issue 12 §4) are there
 * at 0 too.
 */
class MetricsFromStartTest {
  @TempDir Path dir;
  private Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private void write(String peer, String prefix, String webhook) throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), """
        prefixes:
          - {prefix: %s, origin_asns: [64496], probe_targets: [%s]}
          - {prefix: 198.51.100.0/24, origin_asns: [64496]}
        """.formatted(prefix, prefix.replace(".0/24", ".10")));
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 64512, router_id: 192.0.2.1}
        peers:
          - {name: %s, address: 192.0.2.11, remote_asn: 64500, mode: passive}
        registry: {file: prefixes.yml}
        latency: {interval: 1h}
        http: {listen: "127.0.0.1:0"}
        state_dir: %s
        alerts:
          webhooks:
            - {name: %s, url: "http://127.0.0.1:9/hook", format: json}
        """.formatted(peer, dir.resolve("state"), webhook));
  }

  @Test
  void aFreshDaemonExportsKnownSeriesAtZeroAndReloadsFollow() throws Exception {
    write("edge1", "203.0.113.0/24", "noc");
    daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));
    ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
    String m = api.text("/metrics");
    assertThat(m)
        .contains(
            "bgpsentry_bgp_session_flaps_total{peer=\"edge1\"} 0.0",
            "bgpsentry_bgp_messages_received_total{peer=\"edge1\",type=\"update\"} 0.0",
            "bgpsentry_bgp_messages_received_total{peer=\"edge1\",type=\"route_refresh\"} 0.0",
            "bgpsentry_bgp_update_errors_total{action=\"treat_as_withdraw\",peer=\"edge1\"} 0.0",
            "bgpsentry_bgp_update_errors_total{action=\"session_reset\",peer=\"edge1\"} 0.0",
            "bgpsentry_prefix_probe_failures_total{prefix=\"203.0.113.0/24\"} 0.0",
            "bgpsentry_prefix_changes_total{prefix=\"203.0.113.0/24\"} 0.0",
            "bgpsentry_prefix_changes_total{prefix=\"198.51.100.0/24\"} 0.0",
            "bgpsentry_webhook_deliveries_total{outcome=\"ok\",webhook=\"noc\"} 0.0",
            "bgpsentry_webhook_deliveries_total{outcome=\"retry\",webhook=\"noc\"} 0.0",
            "bgpsentry_webhook_deliveries_total{outcome=\"failed\",webhook=\"noc\"} 0.0",
            "bgpsentry_alerts_total{severity=\"critical\",type=\"origin_hijack\"} 0.0",
            "bgpsentry_alerts_total{severity=\"info\",type=\"peer_down\"} 0.0",
            "bgpsentry_alerts_firing{type=\"route_leak\"} 0.0",
            "bgpsentry_probes_total",
            // issue 12 §4: the bounds
            "bgpsentry_analytics_queue_depth 0.0",
            "bgpsentry_ingest_paused 0.0",
            "bgpsentry_ingest_pauses_total 0.0",
            "bgpsentry_alert_dispatcher_backlog 0.0",
            "bgpsentry_alert_dispatcher_blocks_total 0.0",
            "bgpsentry_alert_dispatcher_blocked_seconds_total 0.0",
            "bgpsentry_webhook_outbox_dropped_total{webhook=\"noc\"} 0.0",
            "bgpsentry_alert_transitions_truncated_total 0.0",
            "bgpsentry_alert_transitions_dropped_total{reason=\"too_large\"} 0.0",
            "bgpsentry_alert_transitions_dropped_total{reason=\"unserializable\"} 0.0",
            // the rest of docs/metrics.md's contract names that have their labels from the start
            "bgpsentry_bgp_session_up{peer=\"edge1\"} 0.0",
            "bgpsentry_bgp_session_state{peer=\"edge1\",state=\"established\"} 0.0",
            "bgpsentry_bgp_routes{afi=\"ipv4\",peer=\"edge1\"} 0.0",
            "bgpsentry_bgp_routes{afi=\"ipv6\",peer=\"edge1\"} 0.0",
            "bgpsentry_bgp_refused_connections_total 0.0",
            "bgpsentry_prefix_visible_peers{prefix=\"203.0.113.0/24\"} 0.0",
            "bgpsentry_prefix_visible_peers{prefix=\"198.51.100.0/24\"} 0.0",
            "bgpsentry_prefix_best_path_length{prefix=\"198.51.100.0/24\"} 0.0",
            "bgpsentry_prefix_rtt_seconds_count{prefix=\"203.0.113.0/24\"}",
            "bgpsentry_webhook_outbox_pending{webhook=\"noc\"} 0.0",
            "bgpsentry_rpki_vrps{afi=\"ipv4\"} 0.0",
            "bgpsentry_rpki_vrps{afi=\"ipv6\"} 0.0",
            "bgpsentry_update_to_alert_seconds_count 0");
    assertThat(m).doesNotContain("bgpsentry_prefix_probe_failures_total{prefix=\"198.51.100.0/24\"}");

    write("edge2", "192.0.2.0/24", "ops");
    assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
    m = api.text("/metrics");
    assertThat(m)
        .contains(
            "bgpsentry_bgp_session_flaps_total{peer=\"edge2\"} 0.0",
            "bgpsentry_prefix_probe_failures_total{prefix=\"192.0.2.0/24\"} 0.0",
            "bgpsentry_webhook_deliveries_total{outcome=\"failed\",webhook=\"ops\"} 0.0",
            "bgpsentry_webhook_outbox_dropped_total{webhook=\"ops\"} 0.0",
            "bgpsentry_bgp_session_up{peer=\"edge2\"} 0.0",
            "bgpsentry_bgp_routes{afi=\"ipv4\",peer=\"edge2\"} 0.0",
            "bgpsentry_prefix_visible_peers{prefix=\"192.0.2.0/24\"} 0.0",
            "bgpsentry_webhook_outbox_pending{webhook=\"ops\"} 0.0")
        .doesNotContain("peer=\"edge1\"")
        .doesNotContain("webhook=\"noc\"")
        .doesNotContain("203.0.113.0/24");
  }
}
