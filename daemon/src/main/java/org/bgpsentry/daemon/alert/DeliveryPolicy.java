package org.bgpsentry.daemon.alert;

import java.time.Duration;

/**
 * Retry policy of webhook delivery (docs/operators-guide.md "Webhooks"): exponential backoff from {@code
 * initialBackoff} doubling to {@code maxBackoff}; a transition still undelivered {@code giveUpAfter}
 * after it was raised is dropped and counted as failed. Injectable so tests run scaled down.
 */
public record DeliveryPolicy(
    Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, Duration requestTimeout) {
  public static final DeliveryPolicy DEFAULT =
      new DeliveryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofSeconds(10));

  /** The wait after the {@code attempt}-th consecutive failure (1-based). */
  Duration backoff(int attempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
