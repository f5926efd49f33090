package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with GoBGP on loopback, bgpsentry in active mode: GoBGP (127.0.0.32, AS 65102, passive,
 * a free port) waits, bgpsentry (127.0.0.31, AS 65000) connects; routes are added and deleted with
 * the {@code gobgp} CLI.
 */
class GobgpInteropTest {
  static final String LOCAL = "127.0.0.31";
  static final String GOBGP = "127.0.0.32";
  static final int V4 = 40;
  static final int V6 = 20;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static void announceAll(Gobgp g) throws Exception {
    for (int i = 0; i < V4; i++) {
      g.add("198.18." + i + ".0/24", "nexthop", "192.0.2." + (1 + i % 3), "community",
          "65102:" + i, "med", "10");
    }
    for (int i = 0; i < V6; i++) {
      g.add("2001:db8:" + (i + 1) + "::/48", "nexthop", "2001:db8::2");
    }
  }

  @Test
  void gobgpRoutesArriveExactlyOverAnActiveSessionWithdrawalsAndRestart() throws Exception {
    RecordingListener l = new RecordingListener();
    int port = Loopback.freePort(GOBGP);
    PeerSettings peer = PeerSettings.active("gobgp", InetAddress.getByName(GOBGP), port, 65102);
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, l)) {
      try (Gobgp g = Gobgp.start(dir, GOBGP, 65102, port, LOCAL)) {
        announceAll(g);
        await(
            () ->
                "Established with "
                    + (V4 + V6)
                    + " routes: "
                    + l.routes.size()
                    + " "
                    + l.transitions,
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == V4 + V6);
        assertThat(speaker.routes("gobgp", Afi.IPV4)).isEqualTo(V4);
        assertThat(speaker.routes("gobgp", Afi.IPV6)).isEqualTo(V6);

        PathAttributes v4 = l.routes.get("198.18.5.0/24");
        assertThat(v4.asPath().segments()).singleElement().hasToString("65102");
        assertThat(v4.nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.3"));
        assertThat(v4.communities()).containsExactly(65102 << 16 | 5);
        assertThat(v4.med()).isEqualTo(10);
        PathAttributes v6 = l.routes.get("2001:db8:7::/48");
        assertThat(v6.find(PathAttribute.MpReachNlri.class).nextHops())
            .first()
            .isEqualTo(IpAddress.parse("2001:db8::2"));

        g.delete("198.18.5.0/24");
        g.delete("2001:db8:7::/48");
        await("two withdrawals", WAIT, () -> l.routes.size() == V4 + V6 - 2);
        assertThat(l.routes).doesNotContainKeys("198.18.5.0/24", "2001:db8:7::/48");
      }
      await(
          "GoBGP's stop ends the session and its routes",
          WAIT,
          () -> l.state != SessionState.ESTABLISHED && l.routes.isEmpty());

      try (Gobgp g = Gobgp.start(dir, GOBGP, 65102, port, LOCAL)) {
        announceAll(g);
        await(
            () -> "re-established by our ConnectRetry, all routes back: " + l.routes.size(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == V4 + V6);
        assertThat(l.count(PeerEvent.Established.class)).isEqualTo(2);
      }
    }
  }
}
