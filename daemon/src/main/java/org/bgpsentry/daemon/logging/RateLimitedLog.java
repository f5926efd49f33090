package org.bgpsentry.daemon.logging;

import org.slf4j.Logger;

/**
 * Logs what a peer can trigger at most once per interval, reporting how many were suppressed
 * (docs/contributing.md §6). One per concern; confined to one thread (the event loop of its owner).
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private long next = Long.MIN_VALUE;
  private long suppressed;

  public RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  /** Logs at WARN unless one was logged within the interval; SLF4J placeholders. */
  public void warn(String format, Object... args) {
    long skipped = admit();
    if (skipped > 0) {
      log.warn("({} similar messages suppressed)", skipped);
    }
    if (skipped >= 0) {
      log.warn(format, args);
    }
  }

  /** Logs at INFO unless one was logged within the interval; SLF4J placeholders. */
  public void info(String format, Object... args) {
    long skipped = admit();
    if (skipped > 0) {
      log.info("({} similar messages suppressed)", skipped);
    }
    if (skipped >= 0) {
      log.info(format, args);
    }
  }

  /** -1 when the line is suppressed, else the number suppressed since the last one logged. */
  private long admit() {
    long now = System.nanoTime();
    if (next != Long.MIN_VALUE && now - next < 0) {
      suppressed++;
      return -1;
    }
    next = now + intervalNanos;
    long skipped = suppressed;
    suppressed = 0;
    return skipped;
  }
}
