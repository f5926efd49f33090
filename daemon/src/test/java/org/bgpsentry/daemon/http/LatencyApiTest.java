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
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigLoader;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.probe.LatencyComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/latency} (CONTRACT.md §7) served from the running latency component. */
class LatencyApiTest {
  private static final Prefix OPEN = Prefix.parse("127.0.0.2/32");

  @TempDir Path dir;

  private BgpsentryConfig config(int port, String interval) throws Exception {
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
          interval: %s
          ports: [%d]
          timeout: 1s
        state_dir: state
        """
            .formatted(interval, port));
    return ConfigLoader.load(file, BgpsentryConfig.Purpose.REPLAY);
  }

  private static JsonNode get(HttpApi api, String uri) throws Exception {
    ApiResponse r = api.handle("GET", uri, h -> null, new byte[0]);
    JsonNode body = HttpApi.MAPPER.readTree(r.body());
    return HttpApi.MAPPER.createObjectNode().put("status", r.status().code()).set("body", body);
  }

  private static void await(LatencyComponent c, int probes) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (c.monitor().buckets(OPEN, Duration.ofHours(1)).orElseThrow().stream()
            .mapToInt(org.bgpsentry.analytics.latency.LatencyBucket::probes)
            .sum()
        < probes) {
      assertThat(System.nanoTime()).as("waiting for %d probes", probes).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void bucketsOfAProbedPrefixUnknownPrefixAndReloadOntoSavedRings() throws Exception {
    try (ServerSocket open = new ServerSocket()) {
      open.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      BgpsentryConfig config = config(open.getLocalPort(), "1s");
      List<RegisteredPrefix> registry = RegistryLoader.load(config.registryFile());
      BgpsentryMetrics metrics = new BgpsentryMetrics();
      LatencyComponent latency = new LatencyComponent();
      latency.start(
          new DaemonContext(metrics, a -> {}, List.of(), config.stateDir(), Clock.systemUTC()),
          config,
          registry);
      try {
        HttpApi api = new HttpApi(() -> latency.contribute(ApiViews.empty()), metrics, () -> null);
        await(latency, 2);

        JsonNode ok = get(api, "/api/v1/latency?prefix=127.0.0.2/32&window=6h");
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        JsonNode b = ok.get("body").get("buckets").get(0);
        assertThat(b.get("probes").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(b.get("answered").asInt()).isEqualTo(b.get("probes").asInt());
        assertThat(b.get("loss_ratio").asDouble()).isZero();
        assertThat(b.get("median_ms").asDouble()).isPositive().isLessThan(1000);
        assertThat(b.get("start").asText()).endsWith(":00Z");

        JsonNode unknown = get(api, "/api/v1/latency?prefix=127.0.0.9/32&window=6h");
        assertThat(unknown.get("status").asInt()).isEqualTo(404);

        // changed latency settings: the prober restarts on the rings saved in state_dir
        int before = b.get("probes").asInt();
        latency.reload(config(open.getLocalPort(), "2s"), registry);
        await(latency, before + 1);
        assertThat(Files.exists(config.stateDir().resolve("latency.bin"))).isTrue();
      } finally {
        latency.close();
      }
    }
  }
}
