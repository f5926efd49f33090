package org.bgpsentry.daemon.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.alert.Alert;

/**
 * Cuts an alert whose JSON is larger than a journal record may hold ({@link #MAX_ALERT_BYTES}): its
 * largest {@code details} entries are left out, largest first, until it fits, and {@code
 * details.truncated} says which and how large the alert was. A truncated alert is delivered;
 * one that cannot be stored is not delivered at all and would hold up every later one.
 */
final class AlertTruncation {
  /**
   * The largest alert JSON both journals can hold: a record is at most {@link Journal#MAX_RECORD}
   * bytes (kind byte included) and an outbox ENQUEUE record adds 24 bytes to the alert ({@link
   * Outbox.Pending#record}), a FIRING record 8.
   */
  static final int MAX_ALERT_BYTES = Journal.MAX_RECORD - 1 - 24;

  /** The {@code details} key that marks a truncated alert. */
  static final String MARKER = "truncated";

  private AlertTruncation() {}

  /**
   * {@code a} (whose JSON is {@code bytes} long) with details left out until its JSON is at most
   * {@code limit} bytes, or null when it is still larger without any of them.
   */
  static Alert fit(Alert a, int bytes, int limit) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    a.details().forEach((k, v) -> sizes.put(k, size(v)));
    List<String> bySize = new ArrayList<>(sizes.keySet());
    bySize.sort(Comparator.comparing(sizes::get, Comparator.reverseOrder()));
    Map<String, Object> kept = new LinkedHashMap<>(a.details());
    List<String> omitted = new ArrayList<>();
    for (String key : bySize) {
      kept.remove(key);
      omitted.add(key);
      Alert cut = withDetails(a, kept, omitted, bytes, limit);
      if (AlertJson.write(cut).length <= limit) {
        return cut;
      }
    }
    return null;
  }

  private static Alert withDetails(Alert a, Map<String, Object> kept, List<String> omitted, int bytes, int limit) {
    Map<String, Object> details = new LinkedHashMap<>(kept);
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("omitted", List.copyOf(omitted));
    marker.put("alert_bytes", bytes);
    marker.put("limit_bytes", limit);
    details.put(MARKER, marker);
    return new Alert(a.id(), a.key(), a.type(), a.severity(), a.status(), a.summary(), a.registeredPrefix(),
        a.prefix(), a.customer(), a.provider(), a.location(), a.expectedOrigins(), a.originAsn(), a.asPath(),
        a.peers(), a.firstSeen(), a.lastSeen(), a.resolvedAt(), details);
  }

  private static int size(Object value) {
    try {
      return AlertJson.MAPPER.writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      return Integer.MAX_VALUE; // not serialisable: the first to go
    }
  }
}
