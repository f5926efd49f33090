package org.bgpsentry.analytics.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UlidTest {
  @Test
  void ulidIs26CrockfordCharactersWithTheTimeFirst() {
    Ulid u = new Ulid(new Random(1));
    String a = u.next(Instant.parse("2008-02-24T18:47:45Z"));
    String b = u.next(Instant.parse("2008-02-24T18:47:46Z"));
    assertThat(a).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(a.compareTo(b)).isNegative();
    // spec example: time 1469918176385 encodes as 01ARYZ6S41
    assertThat(u.next(Instant.ofEpochMilli(1469918176385L))).startsWith("01ARYZ6S41");
  }

  @Test
  void sameSeedSameIds() {
    Instant at = Instant.parse("2019-06-24T10:34:00Z");
    assertThat(new Ulid(new Random(7)).next(at)).isEqualTo(new Ulid(new Random(7)).next(at));
  }
}
