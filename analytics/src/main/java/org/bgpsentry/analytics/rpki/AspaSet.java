package org.bgpsentry.analytics.rpki;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ASPA records (customer AS -> its set of provider ASes) and AS_PATH verification per
 * draft-ietf-sidrops-aspa-verification §5-§7. Paths are given collapsed (prepends removed),
 * neighbour first, origin last; the draft numbers the same hops AS(N) .. AS(1).
 */
public final class AspaSet {
  public static final AspaSet EMPTY = new AspaSet(Map.of());

  /** Result of {@code hop(AS(i), AS(j))}, draft §5. */
  enum Hop {
    PROVIDER_PLUS,
    NOT_PROVIDER_PLUS,
    NO_ATTESTATION
  }

  /** Path verification outcome, draft §6. */
  public enum Outcome {
    VALID,
    INVALID,
    UNKNOWN
  }

  /**
   * The outcome and, when invalid, the AS the draft's procedure blames (the AS that sent the route
   * on to a non-customer after learning it from a non-customer) with its neighbours on the path.
   *
   * @param before the AS it learnt the route from (towards the origin), or -1
   * @param after the AS it sent the route to (towards us), or -1 when that is the receiving router
   */
  public record Verdict(Outcome outcome, long leaker, long before, long after) {
    static final Verdict VALID = new Verdict(Outcome.VALID, -1, -1, -1);
    static final Verdict UNKNOWN = new Verdict(Outcome.UNKNOWN, -1, -1, -1);
  }

  private final Map<Long, long[]> providers;

  /** From customer AS -> provider ASes (AS0 alone = "has no providers", draft §4). */
  public AspaSet(Map<Long, ? extends Collection<Long>> records) {
    Map<Long, long[]> m = new HashMap<>(records.size() * 2);
    records.forEach(
        (customer, set) -> {
          long[] p = set.stream().mapToLong(Long::longValue).filter(a -> a != 0).sorted().toArray();
          m.put(customer, p);
        });
    this.providers = m;
  }

  /**
   * The records of both sets; a customer AS in both gets the union of its provider sets (two
   * sources attesting different providers: each attested provider is accepted).
   */
  public AspaSet union(AspaSet other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    Map<Long, Set<Long>> m = new HashMap<>();
    for (AspaSet s : List.of(this, other)) {
      s.providers.forEach(
          (customer, p) -> {
            Set<Long> set = m.computeIfAbsent(customer, c -> new HashSet<>());
            Arrays.stream(p).forEach(set::add);
          });
    }
    return new AspaSet(m);
  }

  public int size() {
    return providers.size();
  }

  public boolean isEmpty() {
    return providers.isEmpty();
  }

  /** Draft §5: is {@code provider} an attested provider of {@code customer}? */
  Hop hop(long customer, long provider) {
    long[] p = providers.get(customer);
    if (p == null) {
      return Hop.NO_ATTESTATION;
    }
    return Arrays.binarySearch(p, provider) >= 0 ? Hop.PROVIDER_PLUS : Hop.NOT_PROVIDER_PLUS;
  }

  /**
   * Draft §6.1: upstream verification, for routes received from a customer, lateral peer, route
   * server or RS-client.
   *
   * @param path collapsed, neighbour first; {@code hasAsSet} makes the path invalid (§6)
   */
  public Verdict verifyUpstream(long[] path, boolean hasAsSet) {
    int n = path.length;
    if (hasAsSet) {
      return asSetVerdict(path);
    }
    boolean unknown = false;
    for (int u = 2; u <= n; u++) {
      Hop h = hop(as(path, u - 1), as(path, u));
      if (h == Hop.NOT_PROVIDER_PLUS) {
        return new Verdict(Outcome.INVALID, as(path, u), as(path, u - 1), u < n ? as(path, u + 1) : -1);
      }
      unknown |= h == Hop.NO_ATTESTATION;
    }
    return unknown ? Verdict.UNKNOWN : Verdict.VALID;
  }

  /** Draft §6.2: downstream verification, for routes received from a provider. */
  public Verdict verifyDownstream(long[] path, boolean hasAsSet) {
    int n = path.length;
    if (hasAsSet) {
      return asSetVerdict(path);
    }
    if (n <= 2) {
      return Verdict.VALID;
    }
    int uMin = n + 1;
    for (int u = 2; u <= n; u++) {
      if (hop(as(path, u - 1), as(path, u)) == Hop.NOT_PROVIDER_PLUS) {
        uMin = u;
        break;
      }
    }
    int vMax = 0;
    for (int v = n - 1; v >= 1; v--) {
      if (hop(as(path, v + 1), as(path, v)) == Hop.NOT_PROVIDER_PLUS) {
        vMax = v;
        break;
      }
    }
    if (uMin <= vMax) {
      return new Verdict(
          Outcome.INVALID, as(path, vMax), vMax > 1 ? as(path, vMax - 1) : -1, as(path, vMax + 1));
    }
    int k = 1;
    while (k < n && hop(as(path, k), as(path, k + 1)) == Hop.PROVIDER_PLUS) {
      k++;
    }
    int l = n;
    while (l > 1 && hop(as(path, l), as(path, l - 1)) == Hop.PROVIDER_PLUS) {
      l--;
    }
    return l - k <= 1 ? Verdict.VALID : Verdict.UNKNOWN;
  }

  private static Verdict asSetVerdict(long[] path) {
    long neighbour = path.length == 0 ? -1 : path[0];
    return new Verdict(Outcome.INVALID, neighbour, -1, -1);
  }

  /** AS(i) of the draft: AS(1) is the origin, AS(N) the neighbour. */
  private static long as(long[] path, int i) {
    return path[path.length - i];
  }
}
