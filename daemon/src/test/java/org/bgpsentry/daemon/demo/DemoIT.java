package org.bgpsentry.daemon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command, as a newcomer runs it: {@code bin/bgpsentry demo} brings up a session
 * with the simulated peer, takes the recorded table, and delivers the hijack and the leak to the
 * webhook as firing, then resolved, well within a minute.
 */
class DemoIT {
  @TempDir Path dir;

  @Test
  void demoShowsSessionRoutesAndAlertsFiringThenResolved() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("bin/bgpsentry"))) {
      root = root.getParent();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                root.resolve("bin/bgpsentry").toString(),
                "demo",
                "--exit-when-done",
                "--pause=2",
                "--bgp-port=" + freePort(),
                "--http-port=" + freePort())
            .redirectErrorStream(true)
            // a file, not a pipe: a demo slowed down by a loaded machine prints more summaries,
            // and a full pipe nobody reads would stop it
            .redirectOutput(dir.resolve("demo.log").toFile());
    Process p = pb.start();
    // Longer than the demo's own 2-minute budget for the incidents: its verdict decides.
    boolean exited = p.waitFor(150, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = Files.readString(dir.resolve("demo.log"), StandardCharsets.UTF_8);
    assertThat(exited).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("session established")
        .contains("routes 112,98")
        .contains("webhook <- FIRING critical subprefix_hijack: 18.0.0.0/24")
        .contains("webhook <- FIRING critical route_leak: 130.59.0.0/16")
        .contains("webhook <- RESOLVED critical subprefix_hijack")
        .contains("webhook <- RESOLVED critical route_leak")
        .contains("/metrics")
        .as("stopping the daemon is no peer_down: alerts stay as they are for the restart")
        .doesNotContain("peer_down");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
