package org.bgpsentry.analytics.latency;

import java.time.Instant;
import java.util.List;

/** A change of the best AS path of a registered prefix, kept to explain a latency change. */
public record PathChange(List<Long> oldPath, List<Long> newPath, Instant at) {
  public PathChange {
    oldPath = List.copyOf(oldPath);
    newPath = List.copyOf(newPath);
  }
}
