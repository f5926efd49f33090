package org.bgpsentry.daemon.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and checks the {@code kafka:} section of docs/scaling.md. */
final class KafkaSection {
  private static final List<String> KEYS =
      List.of("bootstrap_servers", "topic_prefix", "client", "role", "publish_bmp_raw");
  private static final List<String> ROLES =
      Arrays.stream(KafkaConfig.Role.values()).map(KafkaConfig.Role::configName).toList();
  /** A broker as Kafka's {@code bootstrap.servers} takes it: name or address, then a port. */
  private static final Pattern SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");
  /** Kafka's legal topic characters ({@code Topic.validate}). */
  private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]+");
  /** Kafka's topic name limit, less the longest suffix bgpsentry adds ({@code .alert_state}). */
  private static final int MAX_PREFIX = 249 - ".alert_state".length();
  /** Client properties bgpsentry sets itself per client: taking them from the file would break it. */
  private static final List<String> RESERVED =
      List.of(
          "bootstrap.servers", "key.serializer", "value.serializer", "key.deserializer",
          "value.deserializer", "group.id", "enable.auto.commit");

  private KafkaSection() {}

  static KafkaConfig read(YNode node, Problems pr, String file) {
    MapReader m = MapReader.of(node, pr, "kafka", KEYS);
    if (m == null) {
      return null;
    }
    YNode serversNode = m.required("bootstrap_servers");
    List<String> servers = serversNode == null ? null : servers(serversNode, pr);
    String prefix = KafkaConfig.DEFAULT_TOPIC_PREFIX;
    if (m.has("topic_prefix")) {
      prefix = topicPrefix(m.get("topic_prefix"), pr);
    }
    Map<String, String> client = m.has("client") ? client(m.get("client"), pr) : Map.of();
    KafkaConfig.Role role = KafkaConfig.Role.STANDALONE;
    if (m.has("role")) {
      String s = Values.oneOf(m.get("role"), pr, "role", ROLES);
      role = s == null ? null : KafkaConfig.Role.valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
    Boolean bmpRaw = m.has("publish_bmp_raw") ? Values.bool(m.get("publish_bmp_raw"), pr, "publish_bmp_raw") : Boolean.FALSE;
    if (servers == null || prefix == null || client == null || role == null || bmpRaw == null) {
      return null;
    }
    YNode.Pos at = serversNode.pos();
    return new KafkaConfig(servers, prefix, client, role, bmpRaw, file + ":" + at.line() + ":" + at.column());
  }

  private static List<String> servers(YNode n, Problems pr) {
    List<YNode> items = Values.list(n, pr, "bootstrap_servers", true);
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      pr.add(n.pos(), "'bootstrap_servers' is empty (expected: at least one host:port)");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (YNode item : items) {
      String s = Values.string(item, pr, "bootstrap_servers");
      if (s == null) {
        return null;
      }
      var matcher = SERVER.matcher(s);
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
        pr.add(item.pos(), "'bootstrap_servers' has '" + s + "' (expected: host:port, e.g. kafka1:9092)");
        return null;
      }
      out.add(s);
    }
    return out;
  }

  private static String topicPrefix(YNode n, Problems pr) {
    String s = Values.string(n, pr, "topic_prefix");
    if (s != null && (!TOPIC_CHARS.matcher(s).matches() || s.length() > MAX_PREFIX)) {
      pr.add(n.pos(), "'topic_prefix' is '" + s + "' (expected: 1.." + MAX_PREFIX
          + " of the characters Kafka allows in topic names: letters, digits, '.', '_', '-')");
      return null;
    }
    return s;
  }

  private static Map<String, String> client(YNode n, Problems pr) {
    YNode.YMap map = Values.map(n, pr, "client");
    if (map == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    boolean ok = true;
    for (YNode.Entry e : map.entries().values()) {
      if (RESERVED.contains(e.key())) {
        pr.add(e.keyPos(), "'" + e.key() + "' in kafka.client is set by bgpsentry (expected: "
            + ("bootstrap.servers".equals(e.key()) ? "kafka.bootstrap_servers" : "client settings such as security.protocol, ssl.*, sasl.*") + ")");
        ok = false;
      } else if (e.value() instanceof YNode.YScalar s && !s.isNull()) {
        out.put(e.key(), s.text());
      } else {
        pr.add(e.value().pos(), "'" + e.key() + "' in kafka.client is " + e.value().kind()
            + " (expected: a string, number or boolean, as in a Kafka client .properties file)");
        ok = false;
      }
    }
    return ok ? out : null;
  }
}
