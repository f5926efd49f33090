package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md, docs/operators-guide.md "How the sessions behave": connections from addresses that are no configured peer are refused at once.
 */
class UnconfiguredPeerTest {
  static final String LOCAL = "127.0.0.51";

  @Test
  void aThousandConnectionsFromAnUnconfiguredAddressAreClosedCountedAndLeaveMemoryFlat()
      throws Exception {
    AtomicInteger told = new AtomicInteger();
    SessionListener l =
        new SessionListener() {
          @Override
          public void onRefusedConnection(SocketAddress remote) {
            told.incrementAndGet();
          }
        };
    PeerSettings peer = PeerSettings.passive("edge", InetAddress.getByName("127.0.0.52"), 64500);
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, l)) {
      int port = Loopback.port(speaker);
      flood(port, 200); // warm-up: classes loaded, buffers pooled
      long before = usedAfterGc();
      flood(port, 1000);
      // The speaker counts a refusal, then tells the listener: wait for both.
      await(
          () -> "1200 refusals counted and told: " + speaker.refusedConnections() + " " + told.get(),
          Duration.ofSeconds(30),
          () -> speaker.refusedConnections() == 1200 && told.get() == 1200);
      long after = usedAfterGc();

      assertThat(after - before)
          .as("heap growth after 1000 refused connections")
          .isLessThan(2_000_000);
      assertThat(speaker.status().get().get(0).state()).isEqualTo(SessionState.ACTIVE);
    }
  }

  /** Connects from 127.0.0.53 and expects the connection closed without a byte. */
  private static void flood(int port, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress("127.0.0.53", 0));
        s.connect(new InetSocketAddress(LOCAL, port), 5000);
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        assertThat(in.read()).isEqualTo(-1);
      } catch (SocketException reset) {
        // closed with RST (SO_LINGER 0): refused as intended
      }
    }
  }

  private static long usedAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
