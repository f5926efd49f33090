package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with FRR bgpd (standalone, no zebra) on loopback: bgpd (127.0.0.62, AS 65103) connects to
 * bgpsentry (127.0.0.61, a free port) with TCP MD5 (RFC 2385); {@code network} statements of both
 * families, next hops and a community set by an outbound route-map; withdrawal through vtysh.
 */
class FrrInteropTest {
  static final String LOCAL = "127.0.0.61";
  static final String FRR = "127.0.0.62";
  static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;

  /** bgpd peering with our speaker at {@code port}; {@code extra} neighbour lines. */
  private ExternalDaemon bgpd(int port, String extra) throws Exception {
    String v4 = Frr.networks(30, 0);
    String v6 = Frr.networks(0, 10);
    return Frr.start(
        dir,
        """
        frr defaults traditional
        hostname sentrytest
        log stdout informational
        router bgp 65103
         bgp router-id %s
         no bgp ebgp-requires-policy
         no bgp network import-check
         neighbor %s remote-as 65000
         neighbor %s port %d
         neighbor %s update-source %s
         neighbor %s disable-connected-check
         neighbor %s timers connect 1
        %s
         address-family ipv4 unicast
        %s  neighbor %s route-map SET4 out
         exit-address-family
         address-family ipv6 unicast
        %s  neighbor %s activate
          neighbor %s route-map SET6 out
         exit-address-family
        route-map SET4 permit 10
         set ip next-hop 192.0.2.5
         set community 65103:1
        route-map SET6 permit 10
         set ipv6 next-hop global 2001:db8::5
        """
            .formatted(
                FRR, LOCAL, LOCAL, port, LOCAL, FRR, LOCAL, LOCAL, extra, v4, LOCAL, v6, LOCAL,
                LOCAL));
  }

  @Test
  void frrRoutesArriveOverTcpMd5AndAWrongPasswordNeverConnects() throws Exception {
    RecordingListener l = new RecordingListener();
    PeerSettings peer =
        PeerSettings.passive("frr", InetAddress.getByName(FRR), 65103).withMd5Password("s3cret");
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, l)) {
      int port = Loopback.port(speaker);
      try (ExternalDaemon wrong = bgpd(port, " neighbor " + LOCAL + " password wrong")) {
        // RFC 2385 §2: segments with a wrong digest are dropped, so no connection ever forms.
        ExternalDaemon.await(
            () -> "bgpd running: " + wrong.log(),
            WAIT,
            () -> wrong.log().contains("127.0.0.61") || wrong.log().contains("BGP"));
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
          assertThat(l.state).isEqualTo(SessionState.ACTIVE);
          Thread.sleep(100);
        }
        assertThat(wrong.alive()).isTrue();
      }
      try (ExternalDaemon frr = bgpd(port, " neighbor " + LOCAL + " password s3cret")) {
        await(
            () ->
                "Established with 40 routes: "
                    + l.routes.size()
                    + " "
                    + l.transitions
                    + "\n"
                    + frr.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 40);
        PathAttributes v4 = l.routes.get("198.18.4.0/24");
        assertThat(v4.asPath().segments()).singleElement().hasToString("65103");
        assertThat(v4.nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.5"));
        assertThat(v4.communities()).containsExactly(65103 << 16 | 1);
        PathAttributes v6 = l.routes.get("2001:db8:3::/48");
        assertThat(v6.find(PathAttribute.MpReachNlri.class).nextHops())
            .first()
            .isEqualTo(IpAddress.parse("2001:db8::5"));

        Frr.vtysh(
            dir,
            "configure terminal",
            "router bgp 65103",
            "address-family ipv4 unicast",
            "no network 198.18.4.0/24");
        await("withdrawal of 198.18.4.0/24", WAIT, () -> !l.routes.containsKey("198.18.4.0/24"));
        assertThat(l.routes).hasSize(39);
      }
      await(
          "bgpd's stop ends the session and its routes",
          WAIT,
          () -> l.state != SessionState.ESTABLISHED && l.routes.isEmpty());
    }
  }

  @Test
  void rfc4271_8_2_2_delayOpen_ourTimerExpiresFirstAndFrrAnswersOurOpen() throws Exception {
    RecordingListener l = new RecordingListener();
    PeerSettings peer =
        PeerSettings.passive("frr", InetAddress.getByName(FRR), 65103)
            .withDelayOpen(Duration.ofSeconds(2));
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, l)) {
      // FRR waits for our OPEN (its own DelayOpen, 60 s), we wait 2 s: ours expires first.
      try (ExternalDaemon frr =
          bgpd(Loopback.port(speaker), " neighbor " + LOCAL + " timers delayopen 60")) {
        await(
            () -> "Established with 40 routes: " + l.transitions + "\n" + frr.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 40);
        assertThat(l.transitions)
            .containsSubsequence(
                "ACTIVE->OPEN_SENT (DelayOpenTimer expired, OPEN sent)",
                "OPEN_SENT->OPEN_CONFIRM (OPEN received)",
                "OPEN_CONFIRM->ESTABLISHED (KEEPALIVE received)");
      }
    }
  }
}
