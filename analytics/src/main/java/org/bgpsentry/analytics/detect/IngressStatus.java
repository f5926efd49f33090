package org.bgpsentry.analytics.detect;

import java.util.List;

/**
 * Where a registered prefix's best path enters (docs/alerts.md suboptimal_path, rule {@code
 * ingress_location}), as the API shows it.
 *
 * @param state {@code not_configured} (no ingress location), {@code not_seen} (no legitimate
 *     route), {@code no_peer} (no established peer stands at an expected location: the rule cannot
 *     judge), {@code expected} (the best path is received at an expected location) or {@code
 *     elsewhere} (the rule's condition)
 * @param expectedLocations P's ingress locations
 * @param bestPathLocations where the best path is received
 * @param bestPathLength the best path's length (prepends collapsed), or -1
 * @param lengthAtExpected the shortest legitimate path length received at an expected location,
 *     or -1 when not received there
 */
public record IngressStatus(
    String state,
    List<String> expectedLocations,
    List<String> bestPathLocations,
    int bestPathLength,
    int lengthAtExpected) {
  public static final IngressStatus NOT_CONFIGURED =
      new IngressStatus("not_configured", List.of(), List.of(), -1, -1);

  public IngressStatus {
    expectedLocations = List.copyOf(expectedLocations);
    bestPathLocations = List.copyOf(bestPathLocations);
  }
}
