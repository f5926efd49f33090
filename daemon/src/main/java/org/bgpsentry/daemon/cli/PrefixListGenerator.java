package org.bgpsentry.daemon.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The registry entries {@code generate} writes (docs/operators-guide.md "Public vantage points: RIS Live") from observed routes: every
 * prefix the AS originates, with {@code origin_asns} (every origin seen for it), {@code
 * upstream_asns} (every neighbour of those origins) and {@code max_length}. A more specific of
 * an entry whose origins are all origins of that entry is folded into it (its length raises
 * {@code max_length}, its neighbours join {@code upstream_asns}) unless more-specifics are kept;
 * a more specific that some other AS originates inside an entry gets an entry of its own, so
 * that the list, replayed against the routes it came from, raises no hijack alert. Where a path
 * seen for the prefix is longer than {@code detection.max_path_length}, {@code max_path_length}
 * is set to the longest: routes arrive one by one (a RIB replayed, a session's table), and any of
 * them may be the best path for a moment.
 */
final class PrefixListGenerator {
  private final long asn;
  private final Map<Prefix, Seen> seen = new HashMap<>();

  /** What the routes of one prefix showed. */
  private static final class Seen {
    final TreeSet<Long> origins = new TreeSet<>();
    final TreeSet<Long> upstreams = new TreeSet<>();
    int longestPath;
  }

  /**
   * One entry of the output.
   *
   * @param folded more-specifics folded into it
   * @param ownedByOthers true when {@code asn} does not originate it (a more specific of one of
   *     its prefixes that others originate)
   * @param maxPathLength 0 when the default holds
   */
  record Entry(
      Prefix prefix,
      List<Long> originAsns,
      List<Long> upstreamAsns,
      int maxLength,
      int maxPathLength,
      List<Prefix> folded,
      boolean ownedByOthers) {}

  PrefixListGenerator(long asn) {
    this.asn = asn;
  }

  /**
   * One route for {@code prefix}.
   *
   * @param origins the origin AS, or every member of a final AS_SET
   * @param neighbour the AS before the origin once prepends are collapsed, or -1
   * @param pathLength the collapsed AS_SEQUENCE length
   */
  void observe(Prefix prefix, long[] origins, long neighbour, int pathLength) {
    if (origins.length == 0) {
      return;
    }
    Seen s = seen.computeIfAbsent(prefix, p -> new Seen());
    for (long o : origins) {
      s.origins.add(o);
    }
    if (neighbour >= 0) {
      s.upstreams.add(neighbour);
    }
    s.longestPath = Math.max(s.longestPath, pathLength);
  }

  /** True when some route had {@code asn} as its origin. */
  boolean found() {
    return seen.values().stream().anyMatch(s -> s.origins.contains(asn));
  }

  /** The entries, least specific first, IPv4 before IPv6. */
  List<Entry> entries(boolean keepMoreSpecifics, int defaultMaxPathLength) {
    List<Prefix> own = seen.entrySet().stream()
        .filter(e -> e.getValue().origins.contains(asn)).map(Map.Entry::getKey).toList();
    List<Prefix> candidates = new ArrayList<>();
    for (Prefix p : seen.keySet()) {
      if (own.stream().anyMatch(o -> o.covers(p))) {
        candidates.add(p);
      }
    }
    candidates.sort(Comparator.comparingInt(Prefix::length).thenComparing(Comparator.naturalOrder()));
    List<Draft> drafts = new ArrayList<>();
    for (Prefix p : candidates) {
      Seen s = seen.get(p);
      Draft cover = null;
      for (Draft d : drafts) {
        if (d.prefix.covers(p) && (cover == null || d.prefix.length() > cover.prefix.length())) {
          cover = d;
        }
      }
      boolean isOwn = s.origins.contains(asn);
      if (cover != null && cover.origins.containsAll(s.origins) && !(keepMoreSpecifics && isOwn)) {
        cover.maxLength = Math.max(cover.maxLength, p.length());
        cover.upstreams.addAll(s.upstreams);
        cover.folded.add(p);
      } else {
        drafts.add(new Draft(p, s, isOwn));
      }
    }
    drafts.sort(Comparator.comparing(d -> d.prefix));
    List<Entry> out = new ArrayList<>();
    for (Draft d : drafts) {
      int path = d.longestPath > defaultMaxPathLength ? d.longestPath : 0;
      out.add(new Entry(d.prefix, List.copyOf(d.origins), List.copyOf(d.upstreams), d.maxLength, path,
          List.copyOf(d.folded), !d.own));
    }
    return out;
  }

  private static final class Draft {
    final Prefix prefix;
    final TreeSet<Long> origins;
    final TreeSet<Long> upstreams;
    final int longestPath;
    final boolean own;
    final List<Prefix> folded = new ArrayList<>();
    int maxLength;

    Draft(Prefix prefix, Seen s, boolean own) {
      this.prefix = prefix;
      this.origins = new TreeSet<>(s.origins);
      this.upstreams = new TreeSet<>(s.upstreams);
      this.longestPath = s.longestPath;
      this.own = own;
      this.maxLength = prefix.length();
    }
  }
}
