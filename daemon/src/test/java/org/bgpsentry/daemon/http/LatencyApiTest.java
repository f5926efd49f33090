package org.bgpsentry.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigLoader;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.probe.LatencyService;
import org.bgpsentry.daemon.probe.LatencySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/latency} (docs/api.md) from a config and registry to the JSON answer. */
class LatencyApiTest {
  private static final Prefix OPEN = Prefix.parse("127.0.0.2/32");

  @TempDir Path dir;

  private BgpsentryConfig config(int port) throws Exception {
    Files.writeString(
        dir.resolve("prefixes.yml"),
        """
        prefixes:
          - prefix: 127.0.0.2/32
            origin_asns: [64496]
            probe_targets: [127.0.0.2]
        """);
    Path file = dir.resolve("bgpsentry.yml");
    Files.writeString(
        file,
        """
        registry:
          file: prefixes.yml
        latency:
          interval: 1s
          ports: [%d]
          timeout: 2s
        state_dir: state
        """
            .formatted(port));
    return ConfigLoader.load(file, BgpsentryConfig.Purpose.REPLAY);
  }

  private static JsonNode get(HttpApi api, String uri) throws Exception {
    ApiResponse r = api.handle(null, "GET", uri, h -> null, new byte[0]);
    JsonNode body = HttpApi.MAPPER.readTree(r.body());
    return HttpApi.MAPPER.createObjectNode().put("status", r.status().code()).set("body", body);
  }

  private static void await(LatencyService c, int probes) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (c.monitor().buckets(OPEN, Duration.ofHours(1)).orElseThrow().stream()
            .mapToInt(org.bgpsentry.analytics.latency.LatencyBucket::probes)
            .sum()
        < probes) {
      assertThat(System.nanoTime()).as("waiting for %d probes", probes).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void bucketsOfAProbedPrefixAndUnknownPrefix() throws Exception {
    try (ServerSocket open = new ServerSocket()) {
      open.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      BgpsentryConfig config = config(open.getLocalPort());
      List<RegisteredPrefix> registry = RegistryLoader.load(config.registryFile());
      BgpsentryMetrics metrics = new BgpsentryMetrics();
      try (LatencyService latency =
          new LatencyService(
              LatencySettings.from(config.latency()), config.stateDir(), metrics,
              Clock.systemUTC())) {
        latency.start();
        latency.updateRegistry(registry);
        HttpApi api =
            new HttpApi(
                () ->
                    ApiViews.empty()
                        .withLatency(LatencyRoute.view(latency.monitor()))
                        .withRegistry(new FixedRegistry(registry)),
                metrics,
                () -> null);
        await(latency, 2);

        JsonNode ok = get(api, "/api/v1/latency?prefix=127.0.0.2/32&window=6h");
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        // The probes may straddle the start of a 5-minute bucket: every bucket is checked.
        JsonNode buckets = ok.get("body").get("buckets");
        assertThat(buckets.size()).isBetween(1, 2);
        int probes = 0;
        for (JsonNode b : buckets) {
          probes += b.get("probes").asInt();
          assertThat(b.get("answered").asInt()).isEqualTo(b.get("probes").asInt());
          assertThat(b.get("loss_ratio").asDouble()).isZero();
          assertThat(b.get("median_ms").asDouble()).as("answered within the 2 s timeout").isPositive().isLessThan(2000);
          assertThat(b.get("start").asText()).endsWith(":00Z");
        }
        assertThat(probes).isGreaterThanOrEqualTo(2);

        JsonNode prefixes = get(api, "/api/v1/prefixes").get("body").get("prefixes").get(0);
        assertThat(prefixes.get("prefix").asText()).isEqualTo("127.0.0.2/32");
        assertThat(prefixes.get("latency_median_15m_ms").asDouble()).isPositive().isLessThan(2000);

        JsonNode unknown = get(api, "/api/v1/latency?prefix=127.0.0.9/32&window=6h");
        assertThat(unknown.get("status").asInt()).isEqualTo(404);
        JsonNode noWindow = get(api, "/api/v1/latency?prefix=127.0.0.2/32");
        assertThat(noWindow.get("status").asInt()).isEqualTo(400);
      }
    }
  }

  /** A registry the test only reads. */
  private record FixedRegistry(List<RegisteredPrefix> list) implements ApiViews.Registry {
    @Override
    public void put(List<RegisteredPrefix> entries) {
      throw new UnsupportedOperationException("read-only in this test");
    }

    @Override
    public boolean remove(Prefix prefix) {
      throw new UnsupportedOperationException("read-only in this test");
    }
  }
}
