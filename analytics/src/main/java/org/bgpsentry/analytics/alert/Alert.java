package org.bgpsentry.analytics.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.event.PeerId;

/**
 * One alert as delivered (CONTRACT.md §5): the same object is the webhook {@code json} body, an
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
    details = Map.copyOf(details);
  }

  public int peerCount() {
    return peers.size();
  }

  /** The alert key: {@code type|registered_prefix|prefix|subject} (CONTRACT.md §5). */
  public static String key(AlertType type, String registeredPrefix, String prefix, String subject) {
    return type.wireName() + "|" + registeredPrefix + "|" + prefix + "|" + subject;
  }
}
