package org.bgpsentry.daemon.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sources.ris_live} (docs/operators-guide.md "Public vantage points: RIS Live"): RIPE RIS Live over WebSocket.
 *
 * @param url {@code ws://} or {@code wss://}; RIPE asks clients to name themselves in {@code ?client=}
 * @param hosts RIS collectors to take (e.g. {@code rrc00}); empty = all
 * @param minPeers distinct RIS peer ASes that fire a condition on their own
 * @param staleAfter no RIS message this long: the source is down, and the client reconnects
 * @param caFile PEM certificates to trust for {@code wss://} instead of the JDK's CAs, or null
 */
public record RisLiveConfig(
    URI url, List<String> hosts, int minPeers, Duration staleAfter, Duration gapHold, Path caFile) {
  public static final URI DEFAULT_URL = URI.create("wss://ris-live.ripe.net/v1/ws/?client=bgpsentry");
  public static final int DEFAULT_MIN_PEERS = 3;
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);
  /** RIS routes held before a reconnect and not sent again are removed this long after it. */
  public static final Duration DEFAULT_GAP_HOLD = Duration.ofHours(1);
  static final List<String> KEYS =
      List.of("url", "hosts", "min_peers", "stale_after", "gap_hold", "ca_file");

  public RisLiveConfig {
    hosts = List.copyOf(hosts);
  }

  /** {@code sources:} with its one source so far; null when the section is absent or empty. */
  static RisLiveConfig parseSources(YNode node, Problems pr, Path dir) {
    MapReader s = MapReader.of(node, pr, "sources", List.of("ris_live"));
    if (s == null || !s.has("ris_live")) {
      return null;
    }
    MapReader m = MapReader.of(s.get("ris_live"), pr, "ris_live", KEYS);
    if (m == null) {
      return null;
    }
    URI url = DEFAULT_URL;
    if (m.has("url")) {
      url = Values.url(m.get("url"), pr, "url", "ws", "wss");
    }
    List<String> hosts = new ArrayList<>();
    if (m.has("hosts")) {
      List<YNode> items = Values.list(m.get("hosts"), pr, "hosts", false);
      for (YNode h : items == null ? List.<YNode>of() : items) {
        String v = Values.string(h, pr, "hosts");
        if (v != null && !v.matches("[a-z0-9][a-z0-9.-]{0,62}")) {
          pr.add(h.pos(), "'hosts' has '" + v + "' (expected: a RIS collector name such as rrc00)");
        } else if (v != null) {
          hosts.add(v);
        }
      }
    }
    int minPeers = DEFAULT_MIN_PEERS;
    if (m.has("min_peers")) {
      Long v = Values.integer(m.get("min_peers"), pr, "min_peers", 1, 10_000);
      minPeers = v == null ? minPeers : v.intValue();
    }
    Duration stale = DEFAULT_STALE_AFTER;
    if (m.has("stale_after")) {
      Duration d = Values.duration(m.get("stale_after"), pr, "stale_after");
      if (d != null && d.toSeconds() < 10) {
        pr.add(m.get("stale_after").pos(), "'stale_after' is " + d.toSeconds() + "s (expected: at least 10s)");
      } else if (d != null) {
        stale = d;
      }
    }
    Duration gapHold = DEFAULT_GAP_HOLD;
    if (m.has("gap_hold")) {
      Duration d = Values.duration(m.get("gap_hold"), pr, "gap_hold");
      gapHold = d == null ? gapHold : d;
    }
    Path ca = m.has("ca_file") ? Values.existingFile(m.get("ca_file"), pr, "ca_file", dir) : null;
    return url == null ? null : new RisLiveConfig(url, hosts, minPeers, stale, gapHold, ca);
  }

  /** Whether {@code sources} names {@code ris_live} (even with errors in it): then {@code run} needs no {@code bgp}. */
  static boolean given(YNode sources) {
    return sources instanceof YNode.YMap m && m.entries().get("ris_live") != null
        && !(m.entries().get("ris_live").value() instanceof YNode.YScalar sc && sc.isNull());
  }

}
