package org.bgpsentry.daemon.config;

import java.util.List;

/**
 * Reads one mapping of the config strictly: keys not in the allowed list are reported at once;
 * {@link #get} returns a value node or null, {@link #required} also reports a missing key.
 */
final class MapReader {
  private final YNode.YMap map;
  private final Problems problems;
  private final String section;

  private MapReader(YNode.YMap map, Problems problems, String section) {
    this.map = map;
    this.problems = problems;
    this.section = section;
  }

  /** A reader of {@code node} (which must be a mapping) allowing exactly {@code keys}. */
  static MapReader of(YNode node, Problems problems, String section, List<String> keys) {
    YNode.YMap m = Values.map(node, problems, section);
    if (m == null) {
      return null;
    }
    for (YNode.Entry e : m.entries().values()) {
      if (!keys.contains(e.key())) {
        problems.add(
            e.keyPos(),
            "unknown key '"
                + e.key()
                + "' in "
                + section
                + " (expected one of: "
                + String.join(", ", keys)
                + ")");
      }
    }
    return new MapReader(m, problems, section);
  }

  YNode.Pos pos() {
    return map.pos();
  }

  Problems problems() {
    return problems;
  }

  /** The value of {@code key}, or null when absent or explicitly empty. */
  YNode get(String key) {
    YNode.Entry e = map.entries().get(key);
    if (e == null || (e.value() instanceof YNode.YScalar s && s.isNull())) {
      return null;
    }
    return e.value();
  }

  boolean has(String key) {
    return get(key) != null;
  }

  /** The value of {@code key}; reports it missing (at the mapping's position) when absent. */
  YNode required(String key) {
    YNode n = get(key);
    if (n == null) {
      YNode.Entry e = map.entries().get(key);
      problems.add(
          e != null ? e.keyPos() : map.pos(),
          "missing required key '" + key + "' in " + section + " (expected: a value)");
    }
    return n;
  }
}
