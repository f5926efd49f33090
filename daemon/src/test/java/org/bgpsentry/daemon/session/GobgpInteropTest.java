package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with GoBGP on loopback, bgpsentry in active mode: GoBGP (127.0.0.32:17922, AS 65102,
 * passive) waits, bgpsentry (127.0.0.31, AS 65000) connects; routes are added and deleted with the
 * {@code gobgp} CLI.
 */
class GobgpInteropTest {
  static final String LOCAL = "127.0.0.31";
  static final String GOBGP = "127.0.0.32";
  static final int PORT = 17922;
  static final String API = GOBGP + ":50072";
  static final int V4 = 40;
  static final int V6 = 20;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private ExternalDaemon gobgpd(String gobgpd) throws Exception {
    Files.writeString(
        dir.resolve("gobgpd.toml"),
        """
        [global.config]
          as = 65102
          router-id = "%s"
          port = %d
          local-address-list = ["%s"]
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "%s"
            peer-as = 65000
          [neighbors.transport.config]
            passive-mode = true
            local-address = "%s"
          [neighbors.timers.config]
            connect-retry = 1
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv4-unicast"
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv6-unicast"
        """
            .formatted(GOBGP, PORT, GOBGP, LOCAL, GOBGP));
    return ExternalDaemon.start(
        "gobgpd", dir, List.of(gobgpd, "-f", "gobgpd.toml", "--api-hosts", API, "-l", "info"));
  }

  private static void cli(String gobgp, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(gobgp, "-u", GOBGP, "-p", "50072"));
    cmd.addAll(List.of(args));
    ExternalDaemon.run(cmd);
  }

  private static void awaitApi(ExternalDaemon g, String gobgp) throws InterruptedException {
    await(
        () -> "gobgpd API up: " + g.log(),
        WAIT,
        () -> {
          try {
            cli(gobgp, "global");
            return true;
          } catch (Exception e) {
            return false;
          }
        });
  }

  private static void announceAll(String gobgp) throws Exception {
    for (int i = 0; i < V4; i++) {
      cli(
          gobgp,
          "global",
          "rib",
          "add",
          "-a",
          "ipv4",
          "198.18." + i + ".0/24",
          "nexthop",
          "192.0.2." + (1 + i % 3),
          "community",
          "65102:" + i,
          "med",
          "10");
    }
    for (int i = 0; i < V6; i++) {
      cli(
          gobgp,
          "global",
          "rib",
          "add",
          "-a",
          "ipv6",
          "2001:db8:" + (i + 1) + "::/48",
          "nexthop",
          "2001:db8::2");
    }
  }

  @Test
  void gobgpRoutesArriveExactlyOverAnActiveSessionWithdrawalsAndRestart() throws Exception {
    String gobgpd = ExternalDaemon.require("gobgpd", "gobgpd");
    String gobgp = ExternalDaemon.require("gobgp", "gobgpd");
    RecordingListener l = new RecordingListener();
    PeerSettings peer = PeerSettings.active("gobgp", InetAddress.getByName(GOBGP), PORT, 65102);
    try (PeerConnections speaker = BirdInteropTest.speaker(LOCAL, 17932, peer, l)) {
      try (ExternalDaemon g = gobgpd(gobgpd)) {
        awaitApi(g, gobgp);
        announceAll(gobgp);
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

        cli(gobgp, "global", "rib", "del", "-a", "ipv4", "198.18.5.0/24");
        cli(gobgp, "global", "rib", "del", "-a", "ipv6", "2001:db8:7::/48");
        await("two withdrawals", WAIT, () -> l.routes.size() == V4 + V6 - 2);
        assertThat(l.routes).doesNotContainKeys("198.18.5.0/24", "2001:db8:7::/48");
      }
      await(
          "GoBGP's stop ends the session and its routes",
          WAIT,
          () -> l.state != SessionState.ESTABLISHED && l.routes.isEmpty());

      try (ExternalDaemon g = gobgpd(gobgpd)) {
        awaitApi(g, gobgp);
        announceAll(gobgp);
        await(
            () -> "re-established by our ConnectRetry, all routes back: " + l.routes.size(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == V4 + V6);
        assertThat(l.count(PeerEvent.Established.class)).isEqualTo(2);
      }
    }
  }
}
