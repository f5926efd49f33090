package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.net.InetAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with BIRD 2 on loopback: BIRD (127.0.0.22, AS 65101) connects to bgpsentry (127.0.0.21,
 * AS 65000, passive; both on free ports) and exports static routes of both families with
 * communities, a large community and a MED, next hops 192.0.2.1 / 2001:db8::1.
 */
class BirdInteropTest {
  static final String LOCAL = "127.0.0.21";
  static final String BIRD = "127.0.0.22";
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** BIRD's config, plain: hold time 3 s, no graceful restart, all 450 routes. */
  static String birdConfig(int speakerPort) throws IOException {
    return birdConfig(BIRD, LOCAL, speakerPort, 3, 0, false);
  }

  /**
   * BIRD as {@code bird} peering with our speaker at {@code local}:{@code speakerPort}: 200 + 100
   * IPv4 routes (static protocols s4 and s4b, s4b left out when {@code withoutS4b}) and 150 IPv6.
   *
   * @param gracefulRestartTime the restart time BIRD advertises (RFC 4724), 0 = no graceful restart
   */
  static String birdConfig(
      String bird,
      String local,
      int speakerPort,
      int holdTime,
      int gracefulRestartTime,
      boolean withoutS4b)
      throws IOException {
    StringBuilder s4 = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      s4.append("route 198.18.").append(i).append(".0/24 blackhole;\n");
    }
    StringBuilder s4b = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      s4b.append("route 198.19.").append(i).append(".0/24 blackhole;\n");
    }
    StringBuilder s6 = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      s6.append("route 2001:db8:").append(Integer.toHexString(i + 1)).append("::/48 blackhole;\n");
    }
    return """
    router id 127.0.0.22;
    protocol device {}
    protocol static s4 { ipv4; %s }
    protocol static s4b { ipv4; %s %s }
    protocol static s6 { ipv6; %s }
    protocol bgp sentry {
      local %s port %d as 65101;
      neighbor %s port %d as 65000;
      multihop;
      strict bind yes;
      hold time %d;
      connect retry time 1;
      error wait time 1, 2;
      %s
      ipv4 { import none; next hop address 192.0.2.1;
             export filter { bgp_community.add((65101,7)); bgp_large_community.add((65101,1,2));
                             bgp_med = 50; accept; }; };
      ipv6 { import none; export all; next hop address 2001:db8::1; };
    }
    """
        .formatted(
            s4,
            s4b,
            withoutS4b ? "disabled yes;" : "",
            s6,
            bird,
            Loopback.freePort(bird),
            local,
            speakerPort,
            holdTime,
            gracefulRestartTime > 0
                ? "graceful restart on; graceful restart time " + gracefulRestartTime + ";"
                : "");
  }

  private static PeerSettings peer() throws IOException {
    return PeerSettings.passive("bird", InetAddress.getByName(BIRD), 65101);
  }

  @Test
  void birdRoutesOfBothFamiliesArriveExactlyWithdrawalsRemoveThemAndRestartsAreHandled()
      throws Exception {
    RecordingListener l = new RecordingListener();
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer(), l)) {
      int port = Loopback.port(speaker);
      ExternalDaemon b = Bird.start(dir, birdConfig(port));
      try {
        await(
            () ->
                "session with BIRD Established and 450 routes: "
                    + l.routes.size()
                    + " "
                    + l.transitions
                    + " "
                    + l.issues,
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 450);
        assertThat(speaker.routes("bird", Afi.IPV4)).isEqualTo(300);
        assertThat(speaker.routes("bird", Afi.IPV6)).isEqualTo(150);
        await("End-of-RIB for both families", WAIT, () -> l.count(PeerEvent.EndOfRib.class) == 2);

        PathAttributes v4 = l.routes.get("198.18.7.0/24");
        assertThat(v4.asPath().segments()).singleElement().hasToString("65101");
        assertThat(v4.nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(v4.communities()).containsExactly(65101 << 16 | 7);
        assertThat(v4.largeCommunities()).containsExactly(new LargeCommunity(65101, 1, 2));
        assertThat(v4.med()).isEqualTo(50);
        PathAttributes v6 = l.routes.get("2001:db8:96::/48");
        assertThat(v6.asPath().segments()).singleElement().hasToString("65101");
        assertThat(v6.find(PathAttribute.MpReachNlri.class).nextHops())
            .first()
            .isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(v6.find(PathAttribute.MpReachNlri.class).nlri()).isEmpty();
        assertThat(speaker.status().get().get(0).capabilities()).isNotEmpty();

        Bird.birdc(dir, "disable", "s4b");
        await("the 100 routes of s4b withdrawn", WAIT, () -> l.routes.size() == 350);
        assertThat(l.routesWithPrefix("198.19.")).isZero();

        // Hold timer: BIRD frozen beyond the negotiated 3 s.
        b.signal("STOP");
        // The state changes before the NOTIFICATION goes out and before the Down event.
        await(
            () -> "hold timer expiry: " + l.transitions + " " + l.sent,
            WAIT,
            () ->
                l.state != SessionState.ESTABLISHED
                    && l.count(PeerEvent.Down.class) == 1
                    && !l.sent.isEmpty());
        assertThat(l.sent)
            .extracting(n -> n.error())
            .containsExactly(NotificationError.HOLD_TIMER_EXPIRED);
        b.signal("CONT");
        await(
            "re-established after the hold timer expired",
            WAIT,
            () ->
                l.state == SessionState.ESTABLISHED
                    && l.routes.size() == 350
                    && speaker.routes("bird", Afi.IPV4) == 200);
      } finally {
        b.close();
      }
      await(
          "BIRD's stop ends the session and its routes",
          WAIT,
          () ->
              l.state != SessionState.ESTABLISHED
                  && l.count(PeerEvent.Down.class) == 2
                  && l.routes.isEmpty());
      assertThat(speaker.routes("bird", Afi.IPV4)).isZero();

      try (ExternalDaemon again = Bird.start(dir, birdConfig(port))) {
        await(
            "re-established after BIRD restarted, all routes back",
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 450);
        assertThat(l.count(PeerEvent.Established.class)).isEqualTo(3);
        assertThat(l.count(PeerEvent.Down.class)).isEqualTo(2);
      }
    }
  }

  @Test
  void rfc4724_gracefulRestartHelperKeepsRoutesStaleThenSweepsWhatIsNotReannounced()
      throws Exception {
    RecordingListener l = new RecordingListener();
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer(), l)) {
      int port = Loopback.port(speaker);
      try (ExternalDaemon b = Bird.start(dir, birdConfig(BIRD, LOCAL, port, 30, 60, false))) {
        await(
            () -> "Established with 450 routes: " + l.routes.size() + " " + b.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 450);
        b.signal("KILL"); // no NOTIFICATION: the peer restarts
      }
      // The state change is reported before the Down event: wait for both.
      await(
          "session down",
          WAIT,
          () -> l.state != SessionState.ESTABLISHED && l.count(PeerEvent.Down.class) > 0);
      assertThat(l.count(PeerEvent.Down.class)).isEqualTo(1);
      assertThat(l.routes).as("routes kept stale while the peer restarts").hasSize(450);
      assertThat(
              speaker
                  .withRib("bird", rib -> rib.lookup(Prefix.parse("198.18.7.0/24")).get(0).stale())
                  .get())
          .isTrue();

      try (ExternalDaemon again =
          Bird.start(dir, birdConfig(BIRD, LOCAL, port, 30, 60, true))) {
        await(
            () -> "re-established, the 100 routes of s4b swept: " + l.routes.size(),
            WAIT,
            () ->
                l.state == SessionState.ESTABLISHED
                    && l.routes.size() == 350
                    && l.count(PeerEvent.EndOfRib.class) >= 4);
        assertThat(l.routesWithPrefix("198.19.")).isZero();
        assertThat(
                speaker
                    .withRib(
                        "bird", rib -> rib.lookup(Prefix.parse("198.18.7.0/24")).get(0).stale())
                    .get())
            .isFalse();
      }
    }
  }

  @Test
  void rfc4724_4_2_staleRoutesOfAPeerThatDoesNotComeBackAreSweptWhenItsRestartTimeIsOver()
      throws Exception {
    int restartTime = 4;
    RecordingListener l = new RecordingListener();
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer(), l)) {
      int port = Loopback.port(speaker);
      try (ExternalDaemon b =
          Bird.start(dir, birdConfig(BIRD, LOCAL, port, 30, restartTime, false))) {
        await(
            () -> "Established with 450 routes: " + l.routes.size() + " " + b.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 450);
        b.signal("KILL"); // no NOTIFICATION, and BIRD never comes back
      }
      // The state change is reported before the Down event: wait for both.
      await(
          "session down",
          WAIT,
          () -> l.state != SessionState.ESTABLISHED && l.count(PeerEvent.Down.class) > 0);
      Instant down =
          l.peerEvents.stream()
              .filter(PeerEvent.Down.class::isInstance)
              .map(e -> ((PeerEvent.Down) e).at())
              .findFirst()
              .orElseThrow();
      assertThat(
              speaker
                  .withRib("bird", rib -> rib.lookup(Prefix.parse("198.18.7.0/24")).get(0).stale())
                  .get())
          .as("kept, stale, while the peer restarts")
          .isTrue();

      await(
          () -> "stale routes swept after " + restartTime + " s: " + l.routes.size(),
          WAIT,
          () -> l.routes.isEmpty());
      assertThat(Duration.between(down, l.lastRemoval))
          .as("swept when the restart time is over, not before")
          .isBetween(Duration.ofSeconds(restartTime), Duration.ofSeconds(restartTime + 5));
      assertThat(speaker.routes("bird", Afi.IPV4)).isZero();
      assertThat(speaker.routes("bird", Afi.IPV6)).isZero();
      assertThat(l.state).isNotEqualTo(SessionState.ESTABLISHED);
    }
  }

  @Test
  void anIpv6TransportSessionOverLoopbackCarriesRoutesOfBothFamilies() throws Exception {
    RecordingListener l = new RecordingListener();
    PeerSettings peer = PeerSettings.passive("bird", InetAddress.getByName("::1"), 65101);
    try (PeerConnections speaker = Loopback.speaker("::1", LOCAL, peer, l)) {
      assertThat(speaker.listenAddresses().getFirst().getAddress())
          .isEqualTo(InetAddress.getByName("::1"));
      try (ExternalDaemon b =
          Bird.start(dir, birdConfig("::1", "::1", Loopback.port(speaker), 30, 0, false))) {
        await(
            () -> "Established over ::1 with 450 routes: " + l.routes.size() + " " + b.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 450);
        assertThat(speaker.routes("bird", Afi.IPV4)).isEqualTo(300);
        assertThat(speaker.routes("bird", Afi.IPV6)).isEqualTo(150);
        assertThat(l.routes.get("198.18.7.0/24").nextHop().address())
            .isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(
                l.routes
                    .get("2001:db8:96::/48")
                    .find(PathAttribute.MpReachNlri.class)
                    .nextHops())
            .first()
            .isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(Bird.birdc(dir, "show", "protocols", "all", "sentry"))
            .contains("Neighbor address: ::1")
            .contains("Established");
      }
    }
  }

  @Test
  void rfc4486_moreRoutesThanMaxPrefixesCloseTheSessionWithCease6_1ThatBirdReceives()
      throws Exception {
    RecordingListener l = new RecordingListener();
    PeerSettings peer = peer().withMaxPrefixes(Map.of(Family.IPV4_UNICAST, 250L));
    java.util.concurrent.atomic.AtomicInteger v4BeforeCease = new java.util.concurrent.atomic.AtomicInteger();
    l.onAnnounce = prefix -> {
      if (l.sent.isEmpty() && !prefix.contains(":")) {
        v4BeforeCease.incrementAndGet();
      }
    };
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, l)) {
      try (ExternalDaemon b = Bird.start(dir, birdConfig(Loopback.port(speaker)))) {
        // Checked route by route: route 251 closes the session, wherever it is in its UPDATE. The
        // status keeps that error until the next session is Established (after our IdleHold and
        // BIRD's error wait), so it is read in the same wait: a slow poll that missed it sees the
        // next session close the same way.
        String lastError =
            "sent MAXIMUM_NUMBER_OF_PREFIXES_REACHED(6/1): 251 ipv4-unicast routes, max_prefixes 250";
        await(
            () -> "BIRD told why: " + l.sent + " " + l.transitions + "\n" + b.log(),
            WAIT,
            () -> {
              try {
                return Bird.birdc(dir, "show", "protocols", "all", "sentry")
                        .contains("Received: Maximum number of prefixes reached")
                    && String.valueOf(speaker.status().get().getFirst().lastError())
                        .equals(lastError);
              } catch (Exception e) {
                return false;
              }
            });
        Notification sent = l.sent.getFirst();
        assertThat(sent.error()).isEqualTo(NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
        assertThat(sent.data().toHex()).as("AFI 1, SAFI 1, limit 250").isEqualTo("000101000000fa");
        assertThat(v4BeforeCease).as("IPv4 routes passed on before the Cease: the limit, not one more")
            .hasValue(250);

        // BIRD reconnects after its error wait; we wait our IdleHold first, then the same again.
        await(
            () -> "the next session closed the same way: " + l.transitions,
            WAIT,
            () -> l.sent.size() >= 2);
        await("routes flushed during the IdleHold time", WAIT, () -> l.routes.isEmpty());
        assertThat(l.transitions)
            .containsSubsequence(
                "ESTABLISHED->IDLE (maximum prefixes reached for ipv4-unicast)",
                "IDLE->ACTIVE (IdleHoldTimer expired, waiting for the peer to connect)",
                "OPEN_CONFIRM->ESTABLISHED (KEEPALIVE received)",
                "ESTABLISHED->IDLE (maximum prefixes reached for ipv4-unicast)");
      }
    }
  }

  @Test
  void rfc4271_8_1_1_delayOpen_birdsOpenIsAnsweredWithOpenAndKeepalive() throws Exception {
    RecordingListener l = new RecordingListener();
    PeerSettings peer = peer().withDelayOpen(Duration.ofSeconds(20));
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, l)) {
      try (ExternalDaemon b = Bird.start(dir, birdConfig(Loopback.port(speaker)))) {
        await(
            () -> "Established with 450 routes: " + l.transitions + "\n" + b.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 450);
        assertThat(l.transitions)
            .containsSubsequence(
                "ACTIVE->OPEN_CONFIRM (OPEN received during DelayOpen)",
                "OPEN_CONFIRM->ESTABLISHED (KEEPALIVE received)")
            .noneMatch(t -> t.contains("OPEN_SENT"));
      }
    }
  }
}
