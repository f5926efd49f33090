package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §4: health tells the truth. The analytics loop goes on after a RuntimeException, but
 * an Error ends its only thread; from then on nothing is analysed, so /healthz and /readyz answer
 * 503 {"status": "failed", "error": ...} naming it (a supervisor restarts the process).
 */
class AnalyticsHealthTest {
  @TempDir Path dir;
  private Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void anErrorEndingTheAnalyticsThreadTurnsHealthAndReadinessTo503() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 64512, router_id: 192.0.2.1}
        peers: []
        registry: {file: prefixes.yml}
        http: {listen: "127.0.0.1:0"}
        state_dir: %s
        """.formatted(dir.resolve("state")));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    DetectionComponent detection = new DetectionComponent();
    daemon = new Daemon(loaded.config(), loaded.registry(), List.of(detection));
    daemon.start();
    ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
    assertThat(api.status("/healthz")).isEqualTo(200);
    assertThat(api.status("/readyz")).isEqualTo(200);

    detection.analytics().submit(engine -> {
      throw new IllegalStateException("simulated bug");
    });
    detection.analytics().query(engine -> true).join(); // a RuntimeException costs one item only
    assertThat(api.status("/healthz")).isEqualTo(200);

    detection.analytics().submit(engine -> {
      throw new StackOverflowError("simulated");
    });
    EndToEndIT.await("/healthz 503", Duration.ofSeconds(10), () -> api.status("/healthz") == 503);
    assertThat(api.json("/healthz").path("error").asText())
        .isEqualTo("analytics thread died: java.lang.StackOverflowError: simulated");
    assertThat(api.status("/readyz")).isEqualTo(503);
    assertThat(api.json("/readyz").path("status").asText()).isEqualTo("failed");
    // what the systemd watchdog consults: no more WATCHDOG=1, so systemd restarts the service
    assertThat(daemon.failure()).isEqualTo("analytics thread died: java.lang.StackOverflowError: simulated");
  }
}
