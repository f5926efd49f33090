package org.bgpsentry.analytics.rpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.rpki.AspaSet.Outcome;
import org.junit.jupiter.api.Test;

/** Paths are neighbour first, origin last; AS(1) of the draft is the last element. */
class AspaSetTest {
  // 65001 is a customer of 65002 and 65003; 65002 and 65003 have no providers (Tier-1 style, AS0).
  private static final AspaSet ASPAS =
      new AspaSet(
          Map.of(
              65001L, List.of(65002L, 65003L),
              65002L, List.of(0L),
              65003L, List.of(0L),
              65010L, List.of(65002L)));

  @Test
  void upstreamValidWhenEveryHopClimbsToAnAttestedProvider() {
    assertThat(ASPAS.verifyUpstream(new long[] {65002, 65001}, false).outcome()).isEqualTo(Outcome.VALID);
  }

  @Test
  void upstreamUnknownWhenAHopHasNoAttestation() {
    assertThat(ASPAS.verifyUpstream(new long[] {64999, 65001}, false).outcome())
        .isEqualTo(Outcome.INVALID);
    assertThat(ASPAS.verifyUpstream(new long[] {65001, 64999}, false).outcome())
        .isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void upstreamInvalidNamesTheLeaker() {
    // 65010 -> 65002 (provider) -> 65001 (not a provider of 65002): 65001 leaked to us.
    AspaSet.Verdict v = ASPAS.verifyUpstream(new long[] {65001, 65002, 65010}, false);
    assertThat(v.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(v.leaker()).isEqualTo(65001);
    assertThat(v.before()).isEqualTo(65002);
    assertThat(v.after()).isEqualTo(-1);
  }

  @Test
  void downstreamAcceptsUpThenDown() {
    // 65003 down to its customer 65001; 65010 up to 65002, then down to 65001.
    assertThat(ASPAS.verifyDownstream(new long[] {65003, 65001}, false).outcome())
        .isEqualTo(Outcome.VALID);
    assertThat(ASPAS.verifyDownstream(new long[] {65001, 65002, 65010}, false).outcome())
        .isEqualTo(Outcome.VALID);
  }

  @Test
  void downstreamInvalidForAValley() {
    // 65010 up to 65002, down to 65001, then up to 65003: 65001 leaked between its providers.
    AspaSet.Verdict v = ASPAS.verifyDownstream(new long[] {65003, 65001, 65002, 65010}, false);
    assertThat(v.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(v.leaker()).isEqualTo(65001);
    assertThat(v.before()).isEqualTo(65002);
    assertThat(v.after()).isEqualTo(65003);
  }

  @Test
  void asSetMakesThePathInvalid() {
    assertThat(ASPAS.verifyUpstream(new long[] {65002, 65001}, true).outcome()).isEqualTo(Outcome.INVALID);
  }
}
