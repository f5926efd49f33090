package org.bgpsentry.analytics.rpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** Several VRP sources validated as one union, each replaced and judged stale on its own. */
class VrpSourcesTest {
  static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  static final Duration STALE = Duration.ofHours(2);
  static final Vrp A = new Vrp(Prefix.parse("203.0.113.0/24"), 24, 64496);
  static final Vrp B = new Vrp(Prefix.parse("198.51.100.0/24"), 24, 64497);
  static final Vrp C = new Vrp(Prefix.parse("2001:db8::/32"), 48, 64498);

  @Test
  void rfc6811_unionCountsDistinctVrpsAndEachSourceIsReplacedAlone() {
    VrpSources s = VrpSources.NONE
        .with("file", new VrpSet(List.of(A, C), T0))
        .with("rtr", new VrpSet(List.of(A, B), T0));
    assertThat(s.ipv4Count()).as("A is in both sources and counts once").isEqualTo(2);
    assertThat(s.ipv6Count()).isEqualTo(1);
    assertThat(s.validate(B.prefix(), 64497)).isEqualTo(RpkiState.VALID);
    assertThat(s.validate(C.prefix(), 64498)).isEqualTo(RpkiState.VALID);
    assertThat(s.covering(A.prefix(), T0, STALE)).as("listed once").containsExactly(A);

    VrpSources rtrReset = s.with("rtr", new VrpSet(List.of(), T0.plusSeconds(60)));
    assertThat(rtrReset.validate(B.prefix(), 64497)).isEqualTo(RpkiState.NOT_FOUND);
    assertThat(rtrReset.validate(A.prefix(), 64496)).as("still in the file").isEqualTo(RpkiState.VALID);
    assertThat(rtrReset.ipv4Count()).isEqualTo(1);

    VrpSources newFile = s.with("file", new VrpSet(List.of(), T0.plusSeconds(60)));
    assertThat(newFile.validate(A.prefix(), 64496)).as("still from RTR").isEqualTo(RpkiState.VALID);
    assertThat(newFile.validate(C.prefix(), 64498)).isEqualTo(RpkiState.NOT_FOUND);
    assertThat(newFile.with("rtr", null).isEmpty()).isFalse();
    assertThat(newFile.with("rtr", null).with("file", null).isEmpty()).isTrue();
  }

  @Test
  void staleAfterDropsOnlyTheStaleSource() {
    VrpSources s = VrpSources.NONE
        .with("file", new VrpSet(List.of(A), T0))
        .with("rtr", new VrpSet(List.of(B), T0.plus(Duration.ofHours(3))));
    Instant at = T0.plus(Duration.ofHours(3));
    assertThat(s.validate(Prefix.parse("203.0.113.0/25"), 64496, at, STALE)).isEqualTo(RpkiState.NOT_FOUND);
    assertThat(s.validate(Prefix.parse("198.51.100.0/25"), 64497, at, STALE)).isEqualTo(RpkiState.INVALID);
    assertThat(s.validate(Prefix.parse("203.0.113.0/25"), 64496, T0.plus(STALE), STALE))
        .as("fresh up to and including stale_after").isEqualTo(RpkiState.INVALID);
  }

  @Test
  void aspaUnionMergesTheProvidersOfACustomerInBothSets() {
    AspaSet file = new AspaSet(Map.of(64496L, List.of(64500L), 64510L, List.of(0L)));
    AspaSet rtr = new AspaSet(Map.of(64496L, List.of(64501L)));
    AspaSet u = file.union(rtr);
    assertThat(u.size()).isEqualTo(2);
    assertThat(u.hop(64496, 64500)).isEqualTo(AspaSet.Hop.PROVIDER_PLUS);
    assertThat(u.hop(64496, 64501)).isEqualTo(AspaSet.Hop.PROVIDER_PLUS);
    assertThat(u.hop(64496, 64502)).isEqualTo(AspaSet.Hop.NOT_PROVIDER_PLUS);
    assertThat(u.hop(64510, 64500)).as("AS0: no providers").isEqualTo(AspaSet.Hop.NOT_PROVIDER_PLUS);
    assertThat(file.union(AspaSet.EMPTY)).isSameAs(file);
  }
}
