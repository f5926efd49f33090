package org.bgpsentry.analytics.prefix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The registered prefixes of {@code prefixes.yml} (docs/configuration.md), immutable, indexed in a {@link
 * PrefixTrie} for the lookups detection needs: the most specific registration covering an
 * announced prefix, and the registrations a less specific announcement covers. A reload builds a
 * new instance and hands it to the engine, which resolves alerts that no longer apply.
 */
public final class PrefixRegistry {
  public static final PrefixRegistry EMPTY = new PrefixRegistry(List.of());

  private final PrefixTrie<RegisteredPrefix> trie = new PrefixTrie<>();
  private final List<RegisteredPrefix> entries;

  /**
   * @throws IllegalArgumentException when a prefix is registered twice
   */
  public PrefixRegistry(Collection<RegisteredPrefix> entries) {
    List<RegisteredPrefix> list = new ArrayList<>(entries.size());
    for (RegisteredPrefix r : entries) {
      if (trie.put(r.prefix(), r) != null) {
        throw new IllegalArgumentException(
            "prefix " + r.prefix() + " registered twice (expected: one entry per prefix)");
      }
      list.add(r);
    }
    this.entries = List.copyOf(list);
  }

  public List<RegisteredPrefix> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  /** The entry for exactly {@code prefix}, or null. */
  public RegisteredPrefix get(Prefix prefix) {
    return trie.get(prefix);
  }

  /** The most specific registration covering {@code q} (q itself included), or null. */
  public RegisteredPrefix longestMatch(Prefix q) {
    return trie.longestMatch(q);
  }

  /** Registrations strictly more specific than {@code q}. */
  public List<RegisteredPrefix> moreSpecificThan(Prefix q) {
    List<RegisteredPrefix> out = new ArrayList<>();
    trie.forEachCovered(
        q,
        r -> {
          if (r.prefix().length() > q.length()) {
            out.add(r);
          }
        });
    return out;
  }

  /** True when some registration covers {@code q} or is more specific than it. */
  public boolean overlaps(Prefix q) {
    return trie.overlaps(q);
  }

  /** True when some registration is strictly more specific than {@code q}. */
  public boolean hasMoreSpecific(Prefix q) {
    return trie.hasMoreSpecific(q);
  }
}
