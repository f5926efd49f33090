package org.bgpsentry.analytics.rpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

class VrpSetTest {
  private static final VrpSet VRPS =
      new VrpSet(
          List.of(
              new Vrp(Prefix.parse("1.1.1.0/24"), 24, 13335),
              new Vrp(Prefix.parse("104.16.0.0/12"), 20, 13335),
              new Vrp(Prefix.parse("2001:db8::/32"), 48, 64496),
              new Vrp(Prefix.parse("192.0.2.0/24"), 24, 0)),
          Instant.parse("2024-06-27T18:00:00Z"));

  @Test
  void rfc6811_2_coveredAndMatchedIsValid() {
    assertThat(VRPS.validate(Prefix.parse("1.1.1.0/24"), 13335)).isEqualTo(RpkiState.VALID);
    assertThat(VRPS.validate(Prefix.parse("104.20.0.0/20"), 13335)).isEqualTo(RpkiState.VALID);
    assertThat(VRPS.validate(Prefix.parse("2001:db8:1::/48"), 64496)).isEqualTo(RpkiState.VALID);
  }

  @Test
  void rfc6811_2_coveredButLongerThanMaxLengthIsInvalid() {
    // 2024-06-27: 1.1.1.1/32 by AS267613 was RPKI invalid (VRP 1.1.1.0/24-24 AS13335).
    assertThat(VRPS.validate(Prefix.parse("1.1.1.1/32"), 267613)).isEqualTo(RpkiState.INVALID);
    assertThat(VRPS.validate(Prefix.parse("1.1.1.1/32"), 13335)).isEqualTo(RpkiState.INVALID);
    assertThat(VRPS.validate(Prefix.parse("104.20.0.0/21"), 13335)).isEqualTo(RpkiState.INVALID);
  }

  @Test
  void rfc6811_2_wrongOriginIsInvalidAndUncoveredIsNotFound() {
    assertThat(VRPS.validate(Prefix.parse("1.1.1.0/24"), 267613)).isEqualTo(RpkiState.INVALID);
    assertThat(VRPS.validate(Prefix.parse("8.8.8.0/24"), 15169)).isEqualTo(RpkiState.NOT_FOUND);
    assertThat(VRPS.validate(Prefix.parse("1.1.0.0/16"), 13335)).isEqualTo(RpkiState.NOT_FOUND);
  }

  @Test
  void rfc6811_2_asSetOriginNoneMatchesNothing() {
    assertThat(VRPS.validate(Prefix.parse("1.1.1.0/24"), -1)).isEqualTo(RpkiState.INVALID);
  }

  @Test
  void rfc7607_as0VrpAuthorisesNobody() {
    assertThat(VRPS.validate(Prefix.parse("192.0.2.0/24"), 0)).isEqualTo(RpkiState.INVALID);
    assertThat(VRPS.validate(Prefix.parse("192.0.2.0/24"), 64496)).isEqualTo(RpkiState.INVALID);
  }

  @Test
  void countsPerFamilyAndDuplicatesOnce() {
    VrpSet s =
        new VrpSet(
            List.of(
                new Vrp(Prefix.parse("1.1.1.0/24"), 24, 13335),
                new Vrp(Prefix.parse("1.1.1.0/24"), 24, 13335),
                new Vrp(Prefix.parse("2001:db8::/32"), 48, 64496)),
            Instant.EPOCH);
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.ipv4Count()).isEqualTo(1);
    assertThat(s.ipv6Count()).isEqualTo(1);
    assertThat(s.covering(Prefix.parse("1.1.1.0/25"))).hasSize(1);
  }
}
