package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with ExaBGP on loopback: ExaBGP (127.0.0.42, AS 65104) connects to bgpsentry
 * (127.0.0.41, a free port); static routes of both families, then API commands announce,
 * withdraw, and send UPDATEs with a malformed attribute for the RFC 7606 treat-as-withdraw checks.
 */
class ExabgpInteropTest {
  static final String LOCAL = "127.0.0.41";
  static final String EXABGP = "127.0.0.42";
  static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;

  @Test
  void exabgpRoutesArriveAndAMalformedUpdateIsTreatAsWithdrawWithoutDroppingTheSession()
      throws Exception {
    StringBuilder statics = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      statics
          .append("    route 198.18.")
          .append(i)
          .append(".0/24 next-hop 192.0.2.4 community [65104:")
          .append(i)
          .append("] large-community [65104:1:2];\n");
    }
    for (int i = 0; i < 10; i++) {
      statics.append("    route 2001:db8:").append(i + 1).append("::/48 next-hop 2001:db8::4;\n");
    }
    RecordingListener l = new RecordingListener();
    PeerSettings peer = PeerSettings.passive("exabgp", InetAddress.getByName(EXABGP), 65104);
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, l)) {
      try (Exabgp x =
          Exabgp.start(
              dir,
              EXABGP,
              65104,
              LOCAL,
              65000,
              Loopback.port(speaker),
              "ipv4 unicast; ipv6 unicast;",
              statics.toString())) {
        await(
            () ->
                "Established with 30 routes: "
                    + l.routes.size()
                    + " "
                    + l.transitions
                    + "\n"
                    + x.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 30);
        PathAttributes v4 = l.routes.get("198.18.3.0/24");
        assertThat(v4.nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.4"));
        assertThat(v4.communities()).containsExactly(65104 << 16 | 3);
        assertThat(v4.largeCommunities()).containsExactly(new LargeCommunity(65104, 1, 2));

        x.command("withdraw route 198.18.2.0/24 next-hop 192.0.2.4");
        await("explicit withdrawal", WAIT, () -> !l.routes.containsKey("198.18.2.0/24"));

        // RFC 8092 §5 / RFC 7606 §2: LARGE_COMMUNITY whose length is no multiple of 12.
        x.command(
            "announce route 198.18.3.0/24 next-hop 192.0.2.4 attribute [0x20 0xc0"
                + " 0x0000fe5000000001]");
        x.command(
            "announce route 198.18.200.0/24 next-hop 192.0.2.4 attribute [0x20 0xc0"
                + " 0x0000fe5000000001]");
        await(
            () -> "treat-as-withdraw of the existing route: " + l.issues + "\n" + x.log(),
            WAIT,
            () -> !l.routes.containsKey("198.18.3.0/24"));
        x.command("announce route 198.18.201.0/24 next-hop 192.0.2.4");
        await("a later good route", WAIT, () -> l.routes.containsKey("198.18.201.0/24"));

        assertThat(l.routes).doesNotContainKey("198.18.200.0/24");
        assertThat(l.actions).contains(ErrorAction.TREAT_AS_WITHDRAW);
        assertThat(l.state).isEqualTo(SessionState.ESTABLISHED);
        assertThat(l.sent).isEmpty();
        assertThat(l.routes).hasSize(29);
        assertThat(Map.copyOf(l.routes).keySet().stream().filter(k -> k.contains(":")).count())
            .isEqualTo(10);
      }
      await(
          "ExaBGP's stop ends the session and its routes",
          WAIT,
          () -> l.state != SessionState.ESTABLISHED && l.routes.isEmpty());
    }
  }
}
