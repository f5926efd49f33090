package org.bgpsentry.daemon.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.prefix.Community;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Reads the registry of docs/configuration.md ({@code prefixes.yml}, or the JSON body of {@code POST
 * /api/v1/prefixes}) strictly, with every error as {@code file:line:col}.
 */
public final class RegistryLoader {
  static final List<String> KEYS =
      List.of(
          "prefix", "description", "customer", "provider", "location", "origin_asns",
          "max_length", "upstream_asns", "via_asns", "max_path_length", "severity",
          "probe_targets", "ingress_locations", "communities");

  private RegistryLoader() {}

  /** Loads {@code prefixes.yml}, each entry checked as it is parsed (no tree of the whole file). */
  public static List<RegisteredPrefix> load(Path file) throws ConfigException {
    Problems pr = new Problems(file.toString());
    Entries entries = new Entries(pr);
    return parse(YamlTree.parseFile(file, pr, "prefixes", entries::add), pr, entries);
  }

  /**
   * {@link #load(Path)} through a {@link RegistrySnapshot} in {@code cacheDir} (null: none): a
   * registry read and found valid before, byte for byte, by this build, comes from the snapshot;
   * otherwise the file is parsed and checked as by {@link #load(Path)} and, when valid, a
   * snapshot written. Errors are the same either way (an invalid file is never snapshotted).
   */
  public static List<RegisteredPrefix> load(Path file, Path cacheDir) throws ConfigException {
    if (cacheDir == null) {
      return load(file);
    }
    byte[] bytes;
    String text;
    try {
      bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IOException e) {
      return load(file); // which reports it as file:1:1
    }
    RegistrySnapshot snapshot = RegistrySnapshot.of(cacheDir, file, bytes);
    List<RegisteredPrefix> cached = snapshot == null ? null : snapshot.read();
    if (cached != null) {
      return cached;
    }
    Problems pr = new Problems(file.toString());
    Entries entries = new Entries(pr);
    List<RegisteredPrefix> out = parse(YamlTree.parseYaml(text, pr, "prefixes", entries::add), pr, entries);
    if (snapshot != null) {
      snapshot.write(out);
    }
    return out;
  }

  /** Parses a JSON body {@code {"prefixes": [...]}}; {@code source} names it in errors. */
  public static List<RegisteredPrefix> parseJson(String json, String source) throws ConfigException {
    Problems pr = new Problems(source);
    return parse(YamlTree.parseJson(json, pr), pr, new Entries(pr));
  }

  /** The entries read so far; a prefix registered twice is a problem at its second entry. */
  private static final class Entries {
    final Problems pr;
    final List<RegisteredPrefix> out = new ArrayList<>();
    final Map<Prefix, YNode.Pos> seen = new HashMap<>();

    Entries(Problems pr) {
      this.pr = pr;
    }

    void add(YNode item) {
      RegisteredPrefix rp = entry(item, pr);
      if (rp == null) {
        return;
      }
      YNode.Pos at = item.pos();
      YNode.Pos first = seen.putIfAbsent(rp.prefix(), at);
      if (first != null) {
        pr.add(at, "duplicate prefix " + rp.prefix() + " (expected: each prefix once; first at line " + first.line() + ")");
      } else {
        out.add(rp);
      }
    }
  }

  /** Checks the document's shape; list items still in the tree (JSON bodies) go to {@code entries}. */
  private static List<RegisteredPrefix> parse(YNode root, Problems pr, Entries entries) throws ConfigException {
    if (root != null) {
      MapReader top = MapReader.of(root, pr, "the registry", List.of("prefixes"));
      YNode list = top == null ? null : top.required("prefixes");
      List<YNode> items = list == null ? null : Values.list(list, pr, "prefixes", false);
      for (YNode item : items == null ? List.<YNode>of() : items) {
        entries.add(item);
      }
    }
    pr.throwIfAny();
    return entries.out;
  }

  private static RegisteredPrefix entry(YNode item, Problems pr) {
    MapReader m = MapReader.of(item, pr, "prefix entry", KEYS);
    if (m == null) {
      return null;
    }
    int before = pr.size();
    YNode pNode = m.required("prefix");
    Prefix prefix = pNode == null ? null : Values.prefix(pNode, pr, "prefix");
    String description = text(m, "description");
    String customer = text(m, "customer");
    String provider = text(m, "provider");
    String location = text(m, "location");
    YNode originsNode = m.required("origin_asns");
    List<Long> origins = originsNode == null ? null : Values.asnList(originsNode, pr, "origin_asns");
    int maxLength = prefix == null ? 0 : prefix.length();
    if (m.has("max_length") && prefix != null) {
      Long v = Values.integer(m.get("max_length"), pr, "max_length", prefix.length(), prefix.maxLength());
      maxLength = v == null ? maxLength : v.intValue();
    }
    List<Long> upstream = m.has("upstream_asns") ? Values.asnList(m.get("upstream_asns"), pr, "upstream_asns") : List.of();
    List<Long> via = m.has("via_asns") ? Values.asnList(m.get("via_asns"), pr, "via_asns") : List.of();
    int maxPath = 0;
    if (m.has("max_path_length")) {
      Long v = Values.integer(m.get("max_path_length"), pr, "max_path_length", 1, 255);
      maxPath = v == null ? 0 : v.intValue();
    }
    Severity severity = null;
    if (m.has("severity")) {
      String s = Values.oneOf(m.get("severity"), pr, "severity", List.of("info", "warning", "critical"));
      severity = s == null ? null : Severity.parse(s);
    }
    List<IpAddress> targets = new ArrayList<>();
    if (m.has("probe_targets")) {
      List<YNode> ts = Values.list(m.get("probe_targets"), pr, "probe_targets", false);
      for (YNode t : ts == null ? List.<YNode>of() : ts) {
        IpAddress a = Values.address(t, pr, "probe_targets");
        if (a == null) {
          continue;
        }
        if (prefix != null && !prefix.covers(new Prefix(a.ipv6(), a.hi(), a.lo(), a.ipv6() ? 128 : 32))) {
          pr.add(t.pos(), "probe target " + a + " is outside " + prefix + " (expected: a host inside the prefix)");
          continue;
        }
        targets.add(a);
      }
    }
    List<String> ingress = m.has("ingress_locations") ? texts(m.get("ingress_locations"), pr, "ingress_locations") : List.of();
    List<Community> communities = m.has("communities") ? communities(m.get("communities"), pr) : List.of();
    if (pr.size() != before || prefix == null || origins == null || upstream == null || via == null) {
      return null;
    }
    return new RegisteredPrefix(
        prefix, description, customer, provider, location, origins, maxLength, upstream, via,
        maxPath, severity, targets, ingress, communities);
  }

  /** A list of non-empty strings (ingress location names). */
  private static List<String> texts(YNode n, Problems pr, String key) {
    List<YNode> items = Values.list(n, pr, key, false);
    List<String> out = new ArrayList<>();
    for (YNode item : items == null ? List.<YNode>of() : items) {
      String s = Values.string(item, pr, key);
      if (s != null && s.isEmpty()) {
        pr.add(item.pos(), "'" + key + "' has an empty name (expected: a location such as Washington)");
      } else if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** docs/configuration.md {@code communities}: RFC 1997 {@code a:b} or RFC 8092 large {@code a:b:c}. */
  private static List<Community> communities(YNode n, Problems pr) {
    List<YNode> items = Values.list(n, pr, "communities", false);
    List<Community> out = new ArrayList<>();
    for (YNode item : items == null ? List.<YNode>of() : items) {
      String s = Values.string(item, pr, "communities");
      if (s == null) {
        continue;
      }
      try {
        out.add(Community.parse(s));
      } catch (IllegalArgumentException e) {
        pr.add(item.pos(), "'communities': " + e.getMessage());
      }
    }
    return out;
  }

  private static String text(MapReader m, String key) {
    if (!m.has(key)) {
      return "";
    }
    String s = Values.string(m.get(key), m.problems(), key);
    return s == null ? "" : s;
  }
}
