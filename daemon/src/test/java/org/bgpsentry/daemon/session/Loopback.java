package org.bgpsentry.daemon.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * Sockets for interop tests on loopback without fixed ports, so that two suites on one machine
 * (two checkouts, CI beside a developer) never collide: our speaker binds port 0 and reports the
 * port the kernel chose; an external daemon gets a port that was free a moment before.
 */
final class Loopback {
  private Loopback() {}

  /**
   * A port free on {@code address} now (bound to 0, read, closed), for an external daemon that
   * must be told its port in a config file.
   */
  static int freePort(String address) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(address, 0));
      return s.getLocalPort();
    }
  }

  /**
   * Our speaker, AS 65000, router id {@code local}, listening on {@code local} at a port the
   * kernel picks ({@link #port}), timers for tests (ConnectRetry and first IdleHold 1 s), started.
   */
  static PeerConnections speaker(String local, PeerSettings peer, SessionListener l)
      throws InterruptedException {
    return speaker(local, local, peer, l);
  }

  /** As {@link #speaker(String, PeerSettings, SessionListener)}, with an IPv4 router id. */
  static PeerConnections speaker(
      String local, String routerId, PeerSettings peer, SessionListener l)
      throws InterruptedException {
    SpeakerSettings s =
        new SpeakerSettings(
            List.of(new InetSocketAddress(local, 0)),
            65000,
            IpAddress.parse(routerId),
            Duration.ofSeconds(90),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    PeerConnections c =
        new PeerConnections(s, List.of(peer), new AttributeInterner(), l, Clock.systemUTC());
    c.start();
    return c;
  }

  /** The port {@code speaker} listens on. */
  static int port(PeerConnections speaker) {
    return speaker.listenAddresses().getFirst().getPort();
  }
}
