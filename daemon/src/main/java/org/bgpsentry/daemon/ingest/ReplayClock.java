package org.bgpsentry.daemon.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The clock of {@code replay} (STYLE.md R14): the timestamp of the MRT record being replayed. */
public final class ReplayClock extends Clock {
  private Instant now = Instant.EPOCH;

  /** Moves to {@code at}; the clock never goes back. */
  public void advanceTo(Instant at) {
    if (at.isAfter(now)) {
      now = at;
    }
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
