package org.bgpsentry.analytics.event;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock driven by event time (docs/contributing.md R14): {@code replay} moves it to each MRT record's
 * timestamp, tests move it by hand. It never goes back.
 */
public final class EventClock extends Clock {
  private volatile Instant now;

  public EventClock() {
    this(Instant.EPOCH);
  }

  public EventClock(Instant start) {
    this.now = start;
  }

  /** Moves to {@code at}; the clock never goes back. */
  public void advanceTo(Instant at) {
    if (at.isAfter(now)) {
      now = at;
    }
  }

  /** Moves forward by {@code d} (tests). */
  public void advance(java.time.Duration d) {
    advanceTo(now.plus(d));
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
