package org.bgpsentry.daemon.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.alert.TestAlerts;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/metrics.md end to end: a real Prometheus (Debian package {@code prometheus}) scrapes the
 * running daemon's {@code /metrics} on loopback and its query API returns the documented (docs/metrics.md) names,
 * labels and values.
 */
class PrometheusScrapeTest {
  @TempDir Path dir;

  /** Stands in for the sessions and detection components: sets what they would. */
  private static final class FakeSessions implements DaemonComponent {
    @Override
    public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) {
      ctx.metrics().sessionState("edge1", "established");
      ctx.metrics().peerConfigured("edge1");
      ctx.metrics().routes("edge1", "ipv4", 1234);
      ctx.metrics().routes("edge1", "ipv6", 56);
      ctx.metrics().prefixVisiblePeers(Prefix.parse("203.0.113.0/24"), 1);
      ctx.alertSink().accept(TestAlerts.youtube("01JD2Q4M8X9Z6V0K7T3N5R1C2B", AlertStatus.FIRING));
    }

    @Override
    public void close() {}
  }

  @Test
  void realPrometheusScrapesContractNamesAndValues() throws Exception {
    Assumptions.assumeTrue(Prometheus.installed(), "prometheus not installed (apt-get install prometheus); skipping");
    Path c = dir.resolve("bgpsentry.yml");
    Files.writeString(c, """
        bgp: {local_asn: 64512, router_id: 192.0.2.1}
        peers: [{name: edge1, address: 192.0.2.11, remote_asn: 64500}]
        http: {listen: "127.0.0.1:0"}
        state_dir: state
        """);
    Daemon.Loaded l = Daemon.load(c);
    try (Daemon d = new Daemon(l.config(), l.registry(), List.of(new FakeSessions()))) {
      d.start();
      try (Prometheus prom = new Prometheus(dir, d.httpAddress().getPort())) {
        prom.awaitValue("up{job=\"bgpsentry\"}", "1");
        prom.awaitValue("bgpsentry_bgp_session_up{peer=\"edge1\"}", "1");
        prom.awaitValue("bgpsentry_bgp_session_state{peer=\"edge1\",state=\"established\"}", "1");
        prom.awaitValue("bgpsentry_bgp_routes{peer=\"edge1\",afi=\"ipv4\"}", "1234");
        prom.awaitValue("bgpsentry_bgp_routes{peer=\"edge1\",afi=\"ipv6\"}", "56");
        prom.awaitValue("bgpsentry_alerts_firing{type=\"subprefix_hijack\"}", "1");
        prom.awaitValue("bgpsentry_alerts_total{type=\"subprefix_hijack\",severity=\"critical\"}", "1");
        prom.awaitValue("bgpsentry_prefix_visible_peers{prefix=\"203.0.113.0/24\"}", "1");
        prom.awaitValue("bgpsentry_bgp_refused_connections_total", "0");
        // series known in advance exist at 0 before their first event (issue 12 §2)
        prom.awaitValue("bgpsentry_bgp_session_flaps_total{peer=\"edge1\"}", "0");
        prom.awaitValue("bgpsentry_bgp_update_errors_total{peer=\"edge1\",action=\"session_reset\"}", "0");
        prom.awaitValue("bgpsentry_alerts_total{type=\"route_leak\",severity=\"warning\"}", "0");
        prom.awaitValue("bgpsentry_probes_total", "0");
      }
    }
  }
}
