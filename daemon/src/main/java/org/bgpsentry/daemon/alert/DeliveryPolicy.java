package org.bgpsentry.daemon.alert;

import java.time.Duration;

/**
 * Retry policy of webhook delivery (docs/operators-guide.md "Webhooks"): exponential backoff from {@code
 * initialBackoff} doubling to {@code maxBackoff}; a transition still undelivered {@code giveUpAfter}
 * after it was raised is dropped and counted as failed. At most {@code outboxLimit} transitions wait
 * per webhook: beyond, the oldest are dropped and counted as failed (as Prometheus' notifier queue
 * drops its oldest alerts), so a receiver down for long costs bounded memory and disk. Injectable
 * so tests run scaled down.
 */
public record DeliveryPolicy(
    Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, Duration requestTimeout, int outboxLimit) {
  /** Transitions kept per webhook by default: hours of an alert storm, a few tens of MB. */
  public static final int OUTBOX_LIMIT = 10_000;

  public static final DeliveryPolicy DEFAULT =
      new DeliveryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofSeconds(10));

  /** The policy with the default {@link #OUTBOX_LIMIT}. */
  public DeliveryPolicy(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, Duration requestTimeout) {
    this(initialBackoff, maxBackoff, giveUpAfter, requestTimeout, OUTBOX_LIMIT);
  }

  public DeliveryPolicy {
    if (outboxLimit < 1) {
      throw new IllegalArgumentException("outbox limit " + outboxLimit + " (expected: at least 1)");
    }
  }

  /** The same policy keeping at most {@code limit} transitions per webhook. */
  DeliveryPolicy withOutboxLimit(int limit) {
    return new DeliveryPolicy(initialBackoff, maxBackoff, giveUpAfter, requestTimeout, limit);
  }

  /** The wait after the {@code attempt}-th consecutive failure (1-based). */
  Duration backoff(int attempt) {
    Duration d = initialBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
