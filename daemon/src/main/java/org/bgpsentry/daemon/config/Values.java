package org.bgpsentry.daemon.config;

import com.fasterxml.jackson.core.JsonToken;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Typed conversions of {@link YNode} values. Each records a problem naming what was found and
 * what was expected, and returns null, so that parsing continues and every error is reported.
 */
final class Values {
  static final long MAX_ASN = 0xffffffffL;
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh])");
  private static final Pattern HOST_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]+)]:(\\d+)|([0-9.]+):(\\d+)");

  private Values() {}

  static String string(YNode n, Problems pr, String key) {
    if (n instanceof YNode.YScalar s && !s.isNull()) {
      return s.text();
    }
    pr.add(n.pos(), "'" + key + "' is " + n.kind() + " (expected: a string)");
    return null;
  }

  static Long integer(YNode n, Problems pr, String key, long min, long max) {
    if (n instanceof YNode.YScalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
      try {
        long v = Long.parseLong(s.text());
        if (v >= min && v <= max) {
          return v;
        }
      } catch (NumberFormatException e) {
        // out of long range: reported below as out of range
      }
      pr.add(n.pos(), "'" + key + "' is " + s.text() + " (expected: an integer " + min + ".." + max + ")");
      return null;
    }
    pr.add(n.pos(), "'" + key + "' is " + describe(n) + " (expected: an integer " + min + ".." + max + ")");
    return null;
  }

  static Long asn(YNode n, Problems pr, String key, long min) {
    return integer(n, pr, key, min, MAX_ASN);
  }

  static Double number(YNode n, Problems pr, String key, double min) {
    if (n instanceof YNode.YScalar s
        && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
      double v = Double.parseDouble(s.text());
      if (v >= min && Double.isFinite(v)) {
        return v;
      }
    }
    pr.add(n.pos(), "'" + key + "' is " + describe(n) + " (expected: a number >= " + min + ")");
    return null;
  }

  static Boolean bool(YNode n, Problems pr, String key) {
    if (n instanceof YNode.YScalar s
        && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
      return s.token() == JsonToken.VALUE_TRUE;
    }
    pr.add(n.pos(), "'" + key + "' is " + describe(n) + " (expected: true or false)");
    return null;
  }

  /** {@code 30s}, {@code 5m}, {@code 4h}; a bare {@code 0} means zero. */
  static Duration duration(YNode n, Problems pr, String key) {
    if (n instanceof YNode.YScalar s) {
      if (s.token() == JsonToken.VALUE_NUMBER_INT && s.text().equals("0")) {
        return Duration.ZERO;
      }
      Matcher m = DURATION.matcher(s.text());
      if (s.token() == JsonToken.VALUE_STRING && m.matches()) {
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(v);
          case "m" -> Duration.ofMinutes(v);
          default -> Duration.ofHours(v);
        };
      }
    }
    pr.add(n.pos(), "'" + key + "' is " + describe(n) + " (expected: a duration such as 30s, 5m, 4h)");
    return null;
  }

  static IpAddress address(YNode n, Problems pr, String key) {
    String s = string(n, pr, key);
    if (s == null) {
      return null;
    }
    try {
      return IpAddress.parse(s);
    } catch (IllegalArgumentException e) {
      pr.add(n.pos(), "'" + key + "' is '" + s + "' (expected: an IPv4 or IPv6 address)");
      return null;
    }
  }

  static Prefix prefix(YNode n, Problems pr, String key) {
    String s = string(n, pr, key);
    if (s == null) {
      return null;
    }
    try {
      return Prefix.parse(s);
    } catch (IllegalArgumentException e) {
      pr.add(n.pos(), "'" + key + "': " + e.getMessage() + expectedSuffix(e.getMessage()));
      return null;
    }
  }

  private static String expectedSuffix(String msg) {
    return msg.contains("(expected") ? "" : " (expected: a prefix such as 203.0.113.0/24)";
  }

  /**
   * {@code address:port} ({@code [v6]:port} for IPv6); without a port {@code defaultPort} is used,
   * or the port is required when {@code defaultPort < 0}.
   */
  static InetSocketAddress hostPort(YNode n, Problems pr, String key, int defaultPort) {
    String s = string(n, pr, key);
    if (s == null) {
      return null;
    }
    String expected =
        defaultPort < 0
            ? " (expected: address:port, [IPv6]:port)"
            : " (expected: address, address:port, [IPv6]:port)";
    String host;
    int port;
    Matcher m = HOST_PORT.matcher(s);
    if (m.matches()) {
      host = m.group(1) != null ? m.group(1) : m.group(3);
      String p = m.group(2) != null ? m.group(2) : m.group(4);
      port = p.length() > 5 ? -1 : Integer.parseInt(p);
    } else if (defaultPort >= 0) {
      host = s;
      port = defaultPort;
    } else {
      pr.add(n.pos(), "'" + key + "' is '" + s + "'" + expected);
      return null;
    }
    if (port < 0 || port > 65535) {
      pr.add(n.pos(), "'" + key + "' has port out of range in '" + s + "' (expected: 0..65535)");
      return null;
    }
    try {
      IpAddress a = IpAddress.parse(host);
      return new InetSocketAddress(java.net.InetAddress.getByAddress(a.bytes()), port);
    } catch (IllegalArgumentException | java.net.UnknownHostException e) {
      pr.add(n.pos(), "'" + key + "' is '" + s + "'" + expected);
      return null;
    }
  }

  /** One of {@code allowed}. */
  /** A {@code listen}-style value: one {@code address:port} or a list of them. */
  static List<InetSocketAddress> hostPorts(YNode n, Problems pr, String key, int defaultPort) {
    List<InetSocketAddress> out = new java.util.ArrayList<>();
    List<YNode> items = list(n, pr, key, true);
    for (YNode item : items == null ? List.<YNode>of() : items) {
      InetSocketAddress a = hostPort(item, pr, key, defaultPort);
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  static String oneOf(YNode n, Problems pr, String key, List<String> allowed) {
    String s = string(n, pr, key);
    if (s != null && !allowed.contains(s)) {
      pr.add(n.pos(), "'" + key + "' is '" + s + "' (expected: one of " + String.join(", ", allowed) + ")");
      return null;
    }
    return s;
  }

  /** A list; with {@code scalarAllowed} a single value stands for a list of one. */
  static List<YNode> list(YNode n, Problems pr, String key, boolean scalarAllowed) {
    if (n instanceof YNode.YList l) {
      return l.items();
    }
    if (scalarAllowed && n instanceof YNode.YScalar s && !s.isNull()) {
      return List.of(n);
    }
    pr.add(n.pos(), "'" + key + "' is " + n.kind() + " (expected: a list)");
    return null;
  }

  static List<Long> asnList(YNode n, Problems pr, String key) {
    List<YNode> items = list(n, pr, key, false);
    if (items == null) {
      return null;
    }
    List<Long> out = new ArrayList<>(items.size());
    for (YNode item : items) {
      Long v = asn(item, pr, key, 0);
      if (v != null) {
        out.add(v);
      }
    }
    return out.size() == items.size() ? out : null;
  }

  static YNode.YMap map(YNode n, Problems pr, String key) {
    if (n instanceof YNode.YMap m) {
      return m;
    }
    pr.add(n.pos(), "'" + key + "' is " + n.kind() + " (expected: a mapping)");
    return null;
  }

  /** A path relative to {@code baseDir} naming an existing regular file. */
  static Path existingFile(YNode n, Problems pr, String key, Path baseDir) {
    String s = string(n, pr, key);
    if (s == null) {
      return null;
    }
    Path p = baseDir.resolve(s).normalize();
    if (!Files.isRegularFile(p)) {
      pr.add(n.pos(), "'" + key + "': file " + p + " does not exist (expected: an existing file)");
      return null;
    }
    if (!Files.isReadable(p)) {
      pr.add(n.pos(), "'" + key + "': file " + p + " is not readable (expected: a readable file)");
      return null;
    }
    return p;
  }

  /** The contents of an existing file with surrounding whitespace stripped (docs/configuration.md). */
  static String fileContents(YNode n, Problems pr, String key, Path baseDir) {
    Path p = existingFile(n, pr, key, baseDir);
    if (p == null) {
      return null;
    }
    try {
      String s = Files.readString(p).strip();
      if (s.isEmpty()) {
        pr.add(n.pos(), "'" + key + "': file " + p + " is empty (expected: a non-empty secret)");
        return null;
      }
      return s;
    } catch (java.io.IOException e) {
      pr.add(n.pos(), "'" + key + "': cannot read " + p + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * A URL of one of {@code schemes} with a host; the error names them: {@code (expected: an http://
   * or https:// URL)}.
   */
  static URI url(YNode n, Problems pr, String key, String... schemes) {
    String s = string(n, pr, key);
    if (s == null) {
      return null;
    }
    try {
      URI u = new URI(s);
      if (List.of(schemes).contains(u.getScheme()) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    String names = String.join(" or ", List.of(schemes).stream().map(x -> x + "://").toList());
    pr.add(n.pos(), "'" + key + "' is '" + s + "' (expected: " + (schemes[0].startsWith("h") ? "an " : "a ") + names + " URL)");
    return null;
  }

  static String describe(YNode n) {
    return n instanceof YNode.YScalar s && !s.isNull() ? "'" + s.text() + "'" : n.kind();
  }
}
