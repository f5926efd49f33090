package org.bgpsentry.analytics.rpki;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The VRPs of several independent sources (the VRP file, an RTR cache), each replaced on its own
 * by {@link #with}, validated as one set: RFC 6811 §2 over the union of their VRPs. Immutable.
 *
 * <p>Staleness ({@code rpki.stale_after}) is judged per source against its own build time (the
 * file's, or the RTR client's last complete update): a stale source drops out of the union, so
 * a VRP that a source lost long ago cannot make a route invalid while another, fresh source does
 * not hold it; only when every source is stale does validation find nothing (no rpki_invalid).
 */
public final class VrpSources {
  public static final VrpSources NONE = new VrpSources(Map.of());

  private final Map<String, VrpSet> sources;
  private final int ipv4Count;
  private final int ipv6Count;

  private VrpSources(Map<String, VrpSet> sources) {
    this.sources = sources;
    int[] counts = new int[2];
    List<VrpSet> earlier = new ArrayList<>(sources.size());
    for (VrpSet s : sources.values()) {
      s.forEach(
          v -> {
            for (VrpSet e : earlier) {
              if (e.contains(v)) {
                return;
              }
            }
            counts[v.prefix().ipv6() ? 1 : 0]++;
          });
      earlier.add(s);
    }
    this.ipv4Count = counts[0];
    this.ipv6Count = counts[1];
  }

  /** A copy with {@code source}'s VRPs replaced by {@code vrps} (null removes the source). */
  public VrpSources with(String source, VrpSet vrps) {
    Map<String, VrpSet> m = new LinkedHashMap<>(sources);
    if (vrps == null) {
      m.remove(source);
    } else {
      m.put(source, vrps);
    }
    return new VrpSources(m);
  }

  /** The VRPs of {@code source}, or null. */
  public VrpSet source(String source) {
    return sources.get(source);
  }

  /** True when no source is loaded. */
  public boolean isEmpty() {
    return sources.isEmpty();
  }

  /** Distinct IPv4 VRPs over all sources (a VRP held by two sources counts once). */
  public int ipv4Count() {
    return ipv4Count;
  }

  /** Distinct IPv6 VRPs over all sources. */
  public int ipv6Count() {
    return ipv6Count;
  }

  /**
   * The VRPs covering {@code route} (RFC 6811 §2 "Covered") from every source whose data is no
   * older than {@code staleAfter} at {@code at}; a VRP held by several sources is listed once.
   */
  public List<Vrp> covering(Prefix route, Instant at, Duration staleAfter) {
    List<Vrp> out = new ArrayList<>(2);
    for (VrpSet s : sources.values()) {
      if (!at.isAfter(s.builtAt().plus(staleAfter))) {
        for (Vrp v : s.covering(route)) {
          if (!out.contains(v)) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  /** RFC 6811 §2 over the VRPs of every source, stale or not (-1 = NONE, matches no VRP). */
  public RpkiState validate(Prefix route, long origin) {
    return validate(route, origin, Instant.MIN, Duration.ZERO);
  }

  /**
   * RFC 6811 §2 origin validation over the union of the sources that are fresh at {@code at}
   * (origin -1 = NONE, for a path ending in an AS_SET: it matches no VRP).
   */
  public RpkiState validate(Prefix route, long origin, Instant at, Duration staleAfter) {
    return state(covering(route, at, staleAfter), route, origin);
  }

  /** RFC 6811 §2: the state of a route given the VRPs covering it. */
  public static RpkiState state(List<Vrp> covering, Prefix route, long origin) {
    if (covering.isEmpty()) {
      return RpkiState.NOT_FOUND;
    }
    for (Vrp v : covering) {
      if (v.matches(route, origin)) {
        return RpkiState.VALID;
      }
    }
    return RpkiState.INVALID;
  }
}
