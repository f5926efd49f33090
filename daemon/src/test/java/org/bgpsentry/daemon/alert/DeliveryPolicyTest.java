package org.bgpsentry.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default retry schedule is contract: 1 s doubling to 5 min, for 24 h (docs/operators-guide.md "Webhooks"). */
class DeliveryPolicyTest {
  @Test
  void defaultBackoffDoublesFromOneSecondToFiveMinutesForADay() {
    DeliveryPolicy p = DeliveryPolicy.DEFAULT;
    long[] seconds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
    for (int attempt = 1; attempt <= seconds.length; attempt++) {
      assertThat(p.backoff(attempt)).as("after failure %d", attempt).isEqualTo(Duration.ofSeconds(seconds[attempt - 1]));
    }
    assertThat(p.backoff(10_000)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.giveUpAfter()).isEqualTo(Duration.ofHours(24));
  }
}
