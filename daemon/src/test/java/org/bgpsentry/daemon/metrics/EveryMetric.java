package org.bgpsentry.daemon.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.codec.model.nlri.Prefix;

/** Test fixture: a {@link BgpsentryMetrics} with every docs/metrics.md metric touched once. */
public final class EveryMetric {
  /** The registered prefix the per-prefix series are labelled with. */
  public static final Prefix PREFIX = Prefix.parse("203.0.113.0/24");

  private EveryMetric() {}

  public static BgpsentryMetrics touched() {
    BgpsentryMetrics m = new BgpsentryMetrics();
    m.sessionState("edge1", "established");
    m.sessionFlap("edge1");
    m.messageReceived("edge1", "update");
    m.updateError("edge1", "treat_as_withdraw");
    m.refusedConnection();
    m.routes("edge1", "ipv4", 1234);
    m.alertFired(AlertType.ORIGIN_HIJACK, Severity.CRITICAL);
    m.alertsFiring(AlertType.ORIGIN_HIJACK, 1);
    m.prefixVisiblePeers(PREFIX, 2);
    m.prefixBestPathLength(PREFIX, 3);
    m.prefixChange(PREFIX);
    m.prefixRtt(PREFIX, Duration.ofMillis(20));
    m.prefixProbeFailure(PREFIX);
    m.webhookDelivery("noc", "ok");
    m.webhookOutboxPending("noc", 0);
    m.bounds().outboxDropped("noc", 1); // issue 12 §4: the bounds
    m.bounds().analyticsQueue(() -> 7, () -> true, () -> 1);
    m.bounds().dispatcherBacklog(2);
    m.bounds().dispatcherBlocking();
    m.bounds().dispatcherBlocked(Duration.ofMillis(1500));
    m.bounds().truncated();
    m.bounds().dropped("too_large");
    m.rpkiVrps("ipv4", 500);
    m.updateToAlert(Duration.ofMillis(3));
    m.probeStarted();
    m.source("ris_live", java.util.List.of("malformed"));
    m.sourceMessage("ris_live", 1);
    m.kafkaTopics(java.util.List.of("bgpsentry.alerts"), java.util.List.of("bgpsentry.events")); // docs/scaling.md
    m.kafkaRole("detector");
    m.kafkaUp(true);
    m.kafkaConsumerLag("bgpsentry.events", 0, 12);
    m.kafkaBmpRawBacklog(() -> 0, () -> 0);
    BmpMetrics bmp = new BmpMetrics(m); // docs/operators-guide.md "Monitoring routers with BMP"
    bmp.router("edge1", (rib, afi) -> 1);
    bmp.routerUp("edge1", true);
    bmp.message("edge1", 0);
    bmp.error("edge1", "malformed");
    bmp.asPathCorrection("edge1");
    bmp.refusedConnection();
    bmp.statistic("edge1", "edge1:192.0.2.1", 7, 1234);
    return m;
  }

  /** Prometheus text exposition of {@code m}. */
  public static String text(BgpsentryMetrics m) {
    return new String(m.scrape("text/plain").body(), StandardCharsets.UTF_8);
  }
}
