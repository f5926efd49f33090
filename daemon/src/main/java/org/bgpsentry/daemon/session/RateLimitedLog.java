package org.bgpsentry.daemon.session;

import org.slf4j.Logger;

/**
 * Logs what a peer can trigger at most once per interval, reporting how many were suppressed
 * (docs/contributing.md §6). One per concern; event-loop confined.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private long next = Long.MIN_VALUE;
  private long suppressed;

  RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  /** Logs at WARN unless one was logged within the interval; SLF4J placeholders. */
  void warn(String format, Object... args) {
    long now = System.nanoTime();
    if (next != Long.MIN_VALUE && now - next < 0) {
      suppressed++;
      return;
    }
    next = now + intervalNanos;
    if (suppressed > 0) {
      log.warn("({} similar messages suppressed)", suppressed);
      suppressed = 0;
    }
    log.warn(format, args);
  }
}
