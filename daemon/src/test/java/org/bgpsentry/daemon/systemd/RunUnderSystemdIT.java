package org.bgpsentry.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bgpsentry run} as systemd's {@code Type=notify} sees it: READY=1 once up,
 * RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 and exit 0 on SIGTERM, WATCHDOG=1 meanwhile.
 */
class RunUnderSystemdIT {
  @TempDir Path dir;

  @Test
  void notifiesReadyReloadingWatchdogAndStopping() throws Exception {
    assumeTrue(Epoll.isAvailable(), "epoll transport unavailable");
    NotifySocket systemd = new NotifySocket(dir.resolve("notify.sock"));
    Path config = dir.resolve("bgpsentry.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "bgp:",
            "  listen: " + HOST + ":" + freePort(),
            "  local_asn: 64512",
            "  router_id: 192.0.2.1",
            "peers:",
            "  - name: edge1",
            "    address: 127.0.0.9",
            "    remote_asn: 64500",
            "http:",
            "  listen: " + HOST + ":" + freePort(),
            "state_dir: " + dir.resolve("state"),
            ""));
    ProcessBuilder pb =
        new ProcessBuilder(root().resolve("bin/bgpsentry").toString(), "run", "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile());
    pb.environment().put("NOTIFY_SOCKET", systemd.path.toString());
    pb.environment().put("WATCHDOG_USEC", "1000000");
    Process p = pb.start();
    try {
      assertThat(systemd.next("READY=1", 60)).containsPattern("STATUS=0/[01] sessions established");
      assertThat(systemd.next("WATCHDOG=1", 30)).contains("STATUS=");
      new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      systemd.next("RELOADING=1", 30);
      systemd.next("READY=1", 30);
      p.destroy(); // SIGTERM
      systemd.next("STOPPING=1", 30);
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("daemon.log"))).isZero();
    } finally {
      p.destroyForcibly();
      systemd.close();
    }
  }

  /**
   * The daemon's listeners: an address of its own, where a port found free stays free until the
   * daemon binds it (on 127.0.0.1 it could become the local port of an outgoing connection).
   */
  private static final String HOST = "127.0.0.93";

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/bgpsentry"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("bin/bgpsentry not found above the working directory");
    }
    return p;
  }
}
