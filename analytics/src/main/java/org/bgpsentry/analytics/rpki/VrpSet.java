package org.bgpsentry.analytics.rpki;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.bgpsentry.analytics.prefix.PrefixTrie;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * An immutable set of VRPs indexed by prefix, with the time the data was built (a VRP file's
 * build time, or the last RTR refresh) for {@code rpki.stale_after}. Origin validation is RFC
 * 6811 §2. The daemon parses VRP JSON and RTR; analytics only sees the triples.
 */
public final class VrpSet {
  private static final Prefix ALL_IPV4 = Prefix.parse("0.0.0.0/0");
  private static final Prefix ALL_IPV6 = Prefix.parse("::/0");
  private final PrefixTrie<List<Vrp>> trie = new PrefixTrie<>();
  private final int size;
  private final int ipv4Count;
  private final Instant builtAt;

  public VrpSet(Collection<Vrp> vrps, Instant builtAt) {
    int v4 = 0;
    int n = 0;
    for (Vrp v : vrps) {
      List<Vrp> list = trie.get(v.prefix());
      if (list == null) {
        list = new ArrayList<>(1);
        trie.put(v.prefix(), list);
      }
      if (!list.contains(v)) {
        list.add(v);
        n++;
        v4 += v.prefix().ipv6() ? 0 : 1;
      }
    }
    this.size = n;
    this.ipv4Count = v4;
    this.builtAt = builtAt;
  }

  /** Distinct VRPs. */
  public int size() {
    return size;
  }

  public int ipv4Count() {
    return ipv4Count;
  }

  public int ipv6Count() {
    return size - ipv4Count;
  }

  public Instant builtAt() {
    return builtAt;
  }

  /** True when this set holds {@code vrp}. */
  public boolean contains(Vrp vrp) {
    List<Vrp> list = trie.get(vrp.prefix());
    return list != null && list.contains(vrp);
  }

  /** Calls {@code action} with every VRP, IPv4 first. */
  public void forEach(Consumer<Vrp> action) {
    trie.forEachCovered(ALL_IPV4, list -> list.forEach(action));
    trie.forEachCovered(ALL_IPV6, list -> list.forEach(action));
  }

  /** The VRPs whose prefix covers {@code route} (RFC 6811 §2 "Covered"). */
  public List<Vrp> covering(Prefix route) {
    List<Vrp> out = new ArrayList<>(2);
    trie.forEachCovering(route, out::addAll);
    return out;
  }

  /**
   * RFC 6811 §2 origin validation of a route for {@code route} whose origin AS is {@code origin}
   * (-1 = NONE, for a path ending in an AS_SET: it matches no VRP).
   */
  public RpkiState validate(Prefix route, long origin) {
    return VrpSources.state(covering(route), route, origin);
  }
}
