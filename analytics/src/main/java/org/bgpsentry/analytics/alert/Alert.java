package org.bgpsentry.analytics.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bgpsentry.analytics.event.PeerId;

/**
 * One alert as delivered (docs/alerts.md): the same object is the webhook {@code json} body, an
 * API entry and a {@code replay} output line. Field names map 1:1 to the JSON keys
 * (snake_case there). Immutable: each transition produces a new instance with the same id.
 *
 * @param id ULID, stable for the life of the condition (also across restarts)
 * @param key {@code type|registered_prefix|prefix|subject}
 * @param originAsn the origin AS of the offending route, or -1 when not applicable (null in JSON)
 * @param asPath the offending route's AS path (empty when not applicable)
 * @param details type-specific evidence; values are JSON-friendly (String, Number, Boolean, List,
 *     Map)
 */
public record Alert(
    String id,
    String key,
    AlertType type,
    Severity severity,
    AlertStatus status,
    String summary,
    String registeredPrefix,
    String prefix,
    String customer,
    String provider,
    String location,
    List<Long> expectedOrigins,
    long originAsn,
    List<Long> asPath,
    List<PeerId> peers,
    Instant firstSeen,
    Instant lastSeen,
    Instant resolvedAt,
    Map<String, Object> details) {

  public Alert {
    expectedOrigins = List.copyOf(expectedOrigins);
    asPath = List.copyOf(asPath);
    peers = List.copyOf(peers);
    details = orderedCopy(details);
  }

  /**
   * An unmodifiable copy that keeps the detector's order of the keys, so that the JSON is the
   * same from run to run ({@link Map#copyOf} iterates in an order salted per JVM start).
   */
  private static Map<String, Object> orderedCopy(Map<String, Object> details) {
    if (details.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(details.size() * 2);
    details.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v, k)));
    return Collections.unmodifiableMap(copy);
  }

  public int peerCount() {
    return peers.size();
  }

  /** The alert key: {@code type|registered_prefix|prefix|subject} (docs/alerts.md). */
  public static String key(AlertType type, String registeredPrefix, String prefix, String subject) {
    return type.wireName() + "|" + registeredPrefix + "|" + prefix + "|" + subject;
  }
}
