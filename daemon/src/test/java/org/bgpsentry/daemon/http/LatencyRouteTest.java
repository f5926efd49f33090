package org.bgpsentry.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.latency.LatencyMonitor;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LatencyRouteTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Prefix P = Prefix.parse("198.51.100.0/22");
  private static final IpAddress T = IpAddress.parse("198.51.101.10");

  private final LatencyMonitor monitor =
      new LatencyMonitor(Clock.fixed(NOW, ZoneOffset.UTC), 1.5);
  private final LatencyRoute route = new LatencyRoute(monitor);

  @BeforeEach
  void setUp() {
    RegisteredPrefix base = RegisteredPrefix.of(P, 64496);
    monitor.register(
        List.of(
            new RegisteredPrefix(
                P, "", "", "", "", base.originAsns(), 22, List.of(), List.of(), 0, null,
                List.of(T))));
    Instant sevenHoursAgo = NOW.minus(Duration.ofHours(7));
    monitor.recordAnswered(T, sevenHoursAgo, Duration.ofMillis(30));
    monitor.recordAnswered(T, NOW.minusSeconds(60), Duration.ofMillis(12));
    monitor.recordAnswered(T, NOW.minusSeconds(50), Duration.ofMillis(14));
    monitor.recordLost(T, NOW.minusSeconds(40));
  }

  @Test
  void bucketsOfTheWindowAsContractObjects() {
    LatencyRoute.Response r = route.get("198.51.100.0/22", "6h");
    assertThat(r.status()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> buckets = (List<Map<String, Object>>) r.body().get("buckets");
    assertThat(buckets).hasSize(1);
    Map<String, Object> b = buckets.get(0);
    assertThat(b)
        .containsOnlyKeys("start", "probes", "answered", "loss_ratio", "min_ms", "median_ms", "p95_ms")
        .containsEntry("start", "2026-01-01T11:55:00Z")
        .containsEntry("probes", 3)
        .containsEntry("answered", 2)
        .containsEntry("loss_ratio", 0.333)
        .containsEntry("min_ms", 12.0)
        .containsEntry("median_ms", 13.0)
        .containsEntry("p95_ms", 14.0);
    assertThat((List<?>) route.get("198.51.100.0/22", "12h").body().get("buckets")).hasSize(2);
  }

  @Test
  void slash24InsideTheRegisteredPrefixHasItsOwnReport() {
    assertThat(route.get("198.51.101.0/24", "1d").status()).isEqualTo(200);
  }

  @Test
  void bucketWithoutAnswersHasNullRtt() {
    monitor.recordLost(T, NOW);
    LatencyRoute.Response r = route.get("198.51.100.0/22", "1d");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> buckets = (List<Map<String, Object>>) r.body().get("buckets");
    assertThat(buckets).hasSize(3);
    Map<String, Object> lost = buckets.get(2);
    assertThat(lost).containsEntry("loss_ratio", 1.0).containsEntry("median_ms", null);
  }

  @Test
  void unknownPrefixIs404() {
    LatencyRoute.Response r = route.get("203.0.113.0/24", "6h");
    assertThat(r.status()).isEqualTo(404);
    assertThat((String) r.body().get("error")).startsWith("no latency report for 203.0.113.0/24");
  }

  @Test
  void badWindowOrPrefixIs400() {
    assertThat(route.get("198.51.100.0/22", "2h").status()).isEqualTo(400);
    assertThat(route.get("198.51.100.0/22", null).status()).isEqualTo(400);
    assertThat(route.get(null, "6h").status()).isEqualTo(400);
    LatencyRoute.Response r = route.get("198.51.100.1/22", "6h");
    assertThat(r.status()).isEqualTo(400);
    assertThat((String) r.body().get("error")).contains("host bits set");
  }
}
