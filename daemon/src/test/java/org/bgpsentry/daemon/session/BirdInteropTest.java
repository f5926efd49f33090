package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with BIRD 2 on loopback: BIRD (127.0.0.22, AS 65101) connects to bgpsentry
 * (127.0.0.21:17921, AS 65000, passive) and exports static routes of both families with
 * communities, a large community and a MED, next hops 192.0.2.1 / 2001:db8::1.
 */
class BirdInteropTest {
  static final String LOCAL = "127.0.0.21";
  static final String BIRD = "127.0.0.22";
  static final int PORT = 17921;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  static String birdConfig(int holdTime) {
    return birdConfig(holdTime, false, false);
  }

  static String birdConfig(int holdTime, boolean gracefulRestart, boolean withoutS4b) {
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
    router id %s;
    protocol device {}
    protocol static s4 { ipv4; %s }
    protocol static s4b { ipv4; %s %s }
    protocol static s6 { ipv6; %s }
    protocol bgp sentry {
      local %s as 65101;
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
            BIRD,
            s4,
            s4b,
            withoutS4b ? "disabled yes;" : "",
            s6,
            BIRD,
            LOCAL,
            PORT,
            holdTime,
            gracefulRestart ? "graceful restart on; graceful restart time 60;" : "");
  }

  static PeerConnections speaker(String local, int port, PeerSettings peer, SessionListener l)
      throws InterruptedException {
    SpeakerSettings s =
        new SpeakerSettings(
            List.of(new InetSocketAddress(local, port)),
            65000,
            IpAddress.parse(local),
            Duration.ofSeconds(90),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    PeerConnections c =
        new PeerConnections(s, List.of(peer), new AttributeInterner(), l, Clock.systemUTC());
    c.start();
    return c;
  }

  private ExternalDaemon bird(String bird) throws Exception {
    return bird(bird, birdConfig(3));
  }

  private ExternalDaemon bird(String bird, String config) throws Exception {
    Files.writeString(dir.resolve("bird.conf"), config);
    return ExternalDaemon.start(
        "bird",
        dir,
        List.of(
            bird,
            "-c",
            "bird.conf",
            "-s",
            dir.resolve("bird.ctl").toString(),
            "-P",
            dir.resolve("bird.pid").toString(),
            "-f"));
  }

  @Test
  void birdRoutesOfBothFamiliesArriveExactlyWithdrawalsRemoveThemAndRestartsAreHandled()
      throws Exception {
    String bird = ExternalDaemon.require("bird", "bird2");
    RecordingListener l = new RecordingListener();
    PeerSettings peer = PeerSettings.passive("bird", InetAddress.getByName(BIRD), 65101);
    try (PeerConnections speaker = speaker(LOCAL, PORT, peer, l)) {
      ExternalDaemon b = bird(bird);
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

        ExternalDaemon.run(
            List.of("birdc", "-s", dir.resolve("bird.ctl").toString(), "disable", "s4b"));
        await("the 100 routes of s4b withdrawn", WAIT, () -> l.routes.size() == 350);
        assertThat(l.routesWithPrefix("198.19.")).isZero();

        // Hold timer: BIRD frozen beyond the negotiated 3 s.
        b.signal("STOP");
        await("hold timer expiry", WAIT, () -> l.state != SessionState.ESTABLISHED);
        assertThat(l.sent)
            .extracting(n -> n.error())
            .contains(NotificationError.HOLD_TIMER_EXPIRED);
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
          () -> l.state != SessionState.ESTABLISHED && l.routes.isEmpty());
      assertThat(speaker.routes("bird", Afi.IPV4)).isZero();

      try (ExternalDaemon again = bird(bird)) {
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
    String bird = ExternalDaemon.require("bird", "bird2");
    RecordingListener l = new RecordingListener();
    PeerSettings peer = PeerSettings.passive("bird", InetAddress.getByName(BIRD), 65101);
    try (PeerConnections speaker = speaker(LOCAL, PORT, peer, l)) {
      try (ExternalDaemon b = bird(bird, birdConfig(30, true, false))) {
        await(
            () -> "Established with 450 routes: " + l.routes.size() + " " + b.log(),
            WAIT,
            () -> l.state == SessionState.ESTABLISHED && l.routes.size() == 450);
        b.signal("KILL"); // no NOTIFICATION: the peer restarts
      }
      await("session down", WAIT, () -> l.state != SessionState.ESTABLISHED);
      assertThat(l.count(PeerEvent.Down.class)).isEqualTo(1);
      assertThat(l.routes).as("routes kept stale while the peer restarts").hasSize(450);
      assertThat(
              speaker
                  .withRib("bird", rib -> rib.lookup(Prefix.parse("198.18.7.0/24")).get(0).stale())
                  .get())
          .isTrue();

      try (ExternalDaemon again = bird(bird, birdConfig(30, true, true))) {
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
}
