package org.bgpsentry.analytics.prefix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

class PrefixRegistryTest {
  @Test
  void lookupsFindTheMostSpecificRegistrationAndTheOnesBelowALessSpecific() {
    RegisteredPrefix outer = RegisteredPrefix.of(Prefix.parse("208.65.152.0/22"), 36561);
    RegisteredPrefix inner = RegisteredPrefix.of(Prefix.parse("208.65.153.0/24"), 36561);
    PrefixRegistry r = new PrefixRegistry(List.of(outer, inner));
    assertThat(r.longestMatch(Prefix.parse("208.65.153.0/25"))).isEqualTo(inner);
    assertThat(r.longestMatch(Prefix.parse("208.65.154.0/24"))).isEqualTo(outer);
    assertThat(r.moreSpecificThan(Prefix.parse("208.0.0.0/8"))).containsExactlyInAnyOrder(outer, inner);
    assertThat(r.moreSpecificThan(Prefix.parse("208.65.152.0/22"))).containsExactly(inner);
    assertThat(r.get(Prefix.parse("208.65.152.0/22"))).isEqualTo(outer);
  }

  @Test
  void aPrefixRegisteredTwiceIsRejected() {
    RegisteredPrefix a = RegisteredPrefix.of(Prefix.parse("203.0.113.0/24"), 64496);
    assertThatThrownBy(() -> new PrefixRegistry(List.of(a, a)))
        .hasMessageContaining("203.0.113.0/24 registered twice");
  }
}
