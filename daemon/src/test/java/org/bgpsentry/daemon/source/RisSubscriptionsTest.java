package org.bgpsentry.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** What is subscribed for a registry: less specifics with moreSpecific, beacons, peer states. */
class RisSubscriptionsTest {
  static RegisteredPrefix reg(String p) {
    return RegisteredPrefix.of(Prefix.parse(p), 64496);
  }

  @Test
  void aCoveredPrefixIsLeftToItsCoveringSubscriptionAndABeaconInsideTheRegistryIsNotRepeated() {
    var subs = RisSubscriptions.of(List.of(reg("203.0.113.0/24"), reg("203.0.112.0/22"), reg("84.205.64.0/18"),
        reg("2001:db8::/32")));
    assertThat(subs).extracting(s -> s.prefix() == null ? "RIS_PEER_STATE" : s.prefix() + " " + s.moreSpecific())
        .containsExactly("84.205.64.0/18 true", "203.0.112.0/22 true", "2001:db8::/32 true",
            "2001:7fb:fe00::/48 false", "2001:7fb:fe01::/48 false", "2001:7fb:fe03::/48 false", "RIS_PEER_STATE");
  }

  @Test
  void oneHostIsFilteredByTheServer() {
    assertThat(RisSubscriptions.message(RisSubscriptions.Subscription.PEER_STATE, true, List.of("rrc21")))
        .isEqualTo("{\"type\":\"ris_subscribe\",\"data\":{\"type\":\"RIS_PEER_STATE\",\"host\":\"rrc21\","
            + "\"socketOptions\":{\"includeRaw\":true,\"acknowledge\":true}}}");
    assertThat(RisSubscriptions.message(new RisSubscriptions.Subscription(Prefix.parse("203.0.113.0/24"), true), false,
        List.of("rrc00", "rrc21")))
        .isEqualTo("{\"type\":\"ris_unsubscribe\",\"data\":{\"prefix\":\"203.0.113.0/24\",\"moreSpecific\":true,"
            + "\"type\":\"UPDATE\",\"socketOptions\":{\"includeRaw\":true,\"acknowledge\":true}}}");
  }
}
