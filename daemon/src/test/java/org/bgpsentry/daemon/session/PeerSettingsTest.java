package org.bgpsentry.daemon.session;

import org.bgpsentry.analytics.event.PeerRole;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.codec.model.nlri.Family;
import org.junit.jupiter.api.Test;

/** Which setting changes a running session can take over (soft reconfiguration) and which reset it. */
class PeerSettingsTest {
  private final PeerSettings peer = OpenNegotiationTest.peer();

  @Test
  void maxPrefixesAndDelayOpenAreNeitherInTheOpenNorTheTransport() {
    assertThat(peer.sameSession(peer)).isTrue();
    assertThat(peer.sameSession(peer.withMaxPrefixes(Map.of(Family.IPV4_UNICAST, 10L)))).isTrue();
    assertThat(peer.sameSession(peer.withDelayOpen(Duration.ofSeconds(5))
        .withMaxPrefixes(Map.of(Family.IPV6_UNICAST, 10L)))).isTrue();
  }

  @Test
  void everySettingOfTheOpenOrTheTransportNeedsANewSession() throws Exception {
    InetAddress other = InetAddress.getByName("192.0.2.12");
    PeerSettings p = peer;
    for (PeerSettings changed : new PeerSettings[] {
      PeerSettings.passive("edge1", other, 64500), // address
      PeerSettings.passive("edge1", p.address(), 64501), // remote AS (RFC 4271 §6.2)
      PeerSettings.active("edge1", p.address(), 179, 64500), // mode
      PeerSettings.active("edge1", p.address(), 1179, 64500), // port (with mode)
      p.withMd5Password("s3cret"), // RFC 2385
      p.withRole(PeerRole.CUSTOMER), // RFC 9234 BGP Role capability
      p.withHoldTime(Duration.ofSeconds(30)), // RFC 4271 §4.2
      new PeerSettings(p.name(), p.address(), p.port(), p.remoteAsn(), p.mode(), null, null,
          Set.of(Family.IPV4_UNICAST), null, Map.of(), Duration.ZERO), // RFC 4760 capabilities
    }) {
      assertThat(p.sameSession(changed)).as(changed.toString()).isFalse();
    }
  }
}
