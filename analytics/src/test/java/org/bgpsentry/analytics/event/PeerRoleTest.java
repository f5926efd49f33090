package org.bgpsentry.analytics.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.bgpsentry.codec.model.cap.Capability.BgpRole;
import org.junit.jupiter.api.Test;

/** The one role type: config spellings and the BGP Role capability values of RFC 9234. */
class PeerRoleTest {
  @Test
  void rfc9234_4_2_table2_allowedLocalAndPeerRolePairs() {
    assertThat(PeerRole.PROVIDER.peerValue()).isEqualTo(BgpRole.PROVIDER);
    assertThat(PeerRole.PROVIDER.localValue()).isEqualTo(BgpRole.CUSTOMER);
    assertThat(PeerRole.CUSTOMER.localValue()).isEqualTo(BgpRole.PROVIDER);
    assertThat(PeerRole.PEER.localValue()).isEqualTo(BgpRole.PEER);
    assertThat(PeerRole.RS.localValue()).isEqualTo(BgpRole.RS_CLIENT);
    assertThat(PeerRole.RS_CLIENT.localValue()).isEqualTo(BgpRole.RS);
    for (PeerRole r : PeerRole.values()) {
      PeerRole ours = null;
      for (PeerRole o : PeerRole.values()) {
        if (o.peerValue() == r.localValue()) {
          ours = o;
        }
      }
      assertThat(ours).as("the role we take towards %s", r).isNotNull();
      assertThat(ours.localValue()).as("symmetric pair for %s", r).isEqualTo(r.peerValue());
    }
  }

  @Test
  void configSpellingsRoundTrip() {
    assertThat(PeerRole.RS_CLIENT.wireName()).isEqualTo("rs-client");
    for (PeerRole r : PeerRole.values()) {
      assertThat(PeerRole.parse(r.wireName())).isEqualTo(r);
    }
    assertThat(PeerRole.parse("rs_client")).isNull();
  }
}
