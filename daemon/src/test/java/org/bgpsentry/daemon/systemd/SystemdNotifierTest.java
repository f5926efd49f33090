package org.bgpsentry.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams arrive at a real AF_UNIX datagram socket standing in for systemd. */
class SystemdNotifierTest {
  @TempDir Path dir;
  private NotifySocket systemd;
  private BlockingQueue<String> received;
  private Path socket;

  @BeforeEach
  void bindReceiver() {
    assumeTrue(Epoll.isAvailable(), "epoll transport unavailable");
    systemd = new NotifySocket(dir.resolve("notify.sock"));
    socket = systemd.path;
    received = systemd.received;
  }

  @AfterEach
  void close() {
    if (systemd != null) {
      systemd.close();
    }
  }

  @Test
  void readyStatusReloadingStopping() throws Exception {
    try (SystemdNotifier n = SystemdNotifier.create(Map.of("NOTIFY_SOCKET", socket.toString()), () -> "x")) {
      assertThat(n.enabled()).isTrue();
      n.ready("2/2 peers established");
      assertThat(received.poll(5, TimeUnit.SECONDS))
          .startsWith("READY=1\nSTATUS=2/2 peers established\nMAINPID=" + ProcessHandle.current().pid());
      n.reloading();
      assertThat(received.poll(5, TimeUnit.SECONDS)).startsWith("RELOADING=1\nMONOTONIC_USEC=");
      n.stopping();
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("STOPPING=1");
    }
  }

  @Test
  void watchdogEveryHalfPeriodWithStatus() throws Exception {
    Map<String, String> env = Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "200000");
    try (SystemdNotifier n = SystemdNotifier.create(env, () -> "1 alert firing")) {
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("WATCHDOG=1\nSTATUS=1 alert firing");
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("WATCHDOG=1\nSTATUS=1 alert firing");
    }
  }

  /** Issue 12 §4: a daemon that no longer works stops feeding the watchdog, so systemd restarts it. */
  @Test
  void noWatchdogWhileTheDaemonHasFailed() throws Exception {
    Map<String, String> env = Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "200000");
    java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
    try (SystemdNotifier n = SystemdNotifier.create(env, () -> "ok", failure::get)) {
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("WATCHDOG=1\nSTATUS=ok");
      failure.set("analytics thread died: java.lang.OutOfMemoryError");
      String next = received.poll(5, TimeUnit.SECONDS);
      if (next.startsWith("WATCHDOG=1")) {
        next = received.poll(5, TimeUnit.SECONDS); // a ping already on its way
      }
      assertThat(next).isEqualTo("STATUS=analytics thread died: java.lang.OutOfMemoryError");
      assertThat(received.poll(5, TimeUnit.SECONDS)).doesNotContain("WATCHDOG");
    }
  }

  @Test
  void withoutNotifySocketNothingIsSent() throws Exception {
    try (SystemdNotifier n = SystemdNotifier.create(Map.of(), () -> "x")) {
      assertThat(n.enabled()).isFalse();
      n.ready("ignored");
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
