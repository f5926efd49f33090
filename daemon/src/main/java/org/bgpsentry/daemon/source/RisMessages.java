package org.bgpsentry.daemon.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.MessageHeader;

/**
 * Parses the server's JSON text frames into {@link RisMessage}s. The JSON fields ({@code path},
 * {@code community}, {@code origin}, {@code med}, {@code announcements[].next_hop}) make the
 * attributes; when the message carries {@code raw} (the BGP UPDATE as the collector received it,
 * {@code includeRaw}) and it decodes cleanly with the BGP codec, its attributes are taken
 * instead: they are exact (OTC, large communities, every attribute the JSON leaves out). The
 * prefixes are always the JSON's. Anything else than the documented shape is a {@link
 * Malformed} with what was wrong.
 */
final class RisMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RisMessages() {}

  /** Bad input, with the metric reason ({@code malformed} or {@code unknown_type}) and what was wrong. */
  static final class Malformed extends Exception {
    final String reason;

    Malformed(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  static RisMessage parse(String text) throws Malformed {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Malformed("malformed", "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Malformed("malformed", "not a JSON object (expected: {\"type\": ..., \"data\": ...})");
    }
    String type = root.path("type").asText("");
    JsonNode data = root.path("data");
    return switch (type) {
      case "ris_message" -> risMessage(data);
      case "pong" -> new RisMessage.Pong();
      case "ris_subscribe_ok" -> new RisMessage.SubscribeOk(data.path("subscription").path("prefix").asText(""));
      case "ris_error" -> new RisMessage.Error(data.path("message").asText(data.toString()));
      default -> throw new Malformed("unknown_type", "unknown message type '" + type
          + "' (expected: ris_message, ris_error, ris_subscribe_ok or pong)");
    };
  }

  private static RisMessage risMessage(JsonNode d) throws Malformed {
    if (!d.isObject()) {
      throw new Malformed("malformed", "ris_message without a data object");
    }
    String type = d.path("type").asText("");
    String host = text(d, "host");
    return switch (type) {
      case "UPDATE" -> update(d, host);
      case "RIS_PEER_STATE" -> new RisMessage.PeerState(host, address(d, "peer"), asn(d), time(d),
          !"down".equals(d.path("state").asText("")));
      default -> new RisMessage.Other(host, type);
    };
  }

  private static RisMessage.Update update(JsonNode d, String host) throws Malformed {
    IpAddress peer = address(d, "peer");
    long peerAsn = asn(d);
    Instant at = time(d);
    List<Prefix> withdrawals = new ArrayList<>();
    for (JsonNode w : array(d, "withdrawals")) {
      withdrawals.add(prefix(w));
    }
    JsonNode ann = d.path("announcements");
    List<RisMessage.Route> routes = new ArrayList<>();
    if (!ann.isMissingNode() && !ann.isEmpty()) {
      PathAttributes base = fromRaw(d.path("raw"));
      for (JsonNode a : array(d, "announcements")) {
        PathAttributes attrs = base != null ? base : fromJson(d, a);
        for (JsonNode p : array(a, "prefixes")) {
          routes.add(new RisMessage.Route(prefix(p), attrs));
        }
      }
    }
    return new RisMessage.Update(host, peer, peerAsn, at, withdrawals, routes);
  }

  /** The attributes of the raw UPDATE (RFC 4271 §4.3), or null when absent or not clean. */
  private static PathAttributes fromRaw(JsonNode raw) {
    if (!raw.isTextual() || raw.asText().length() < 2 * MessageHeader.HEADER_LENGTH) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(raw.asText().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes[18] != 2 || bytes.length <= MessageHeader.HEADER_LENGTH) {
      return null;
    }
    ByteBuf body = Unpooled.wrappedBuffer(bytes, MessageHeader.HEADER_LENGTH, bytes.length - MessageHeader.HEADER_LENGTH);
    try {
      UpdateResult r = BgpMessageCodec.decodeUpdate(body, DecodeContext.FOUR_OCTET_AS);
      return r.action().compareTo(ErrorAction.ATTRIBUTE_DISCARD) <= 0 ? r.update().attributes().withoutMpNlri() : null;
    } catch (BgpNotificationException | IllegalArgumentException e) {
      return null;
    } finally {
      body.release();
    }
  }

  /** ORIGIN, AS_PATH (nested arrays are AS_SETs), NEXT_HOP (IPv4), MED and COMMUNITIES from the JSON. */
  private static PathAttributes fromJson(JsonNode d, JsonNode announcement) throws Malformed {
    List<PathAttribute> attrs = new ArrayList<>();
    String origin = d.path("origin").asText("");
    for (OriginType o : OriginType.values()) {
      if (o.name().equalsIgnoreCase(origin)) {
        attrs.add(new PathAttribute.Origin(o));
      }
    }
    attrs.add(new PathAttribute.AsPath(segments(array(d, "path"))));
    JsonNode nh = announcement.path("next_hop");
    if (nh.isTextual()) {
      try {
        IpAddress a = IpAddress.parse(nh.asText());
        if (!a.ipv6()) {
          attrs.add(new PathAttribute.NextHop(a));
        }
      } catch (IllegalArgumentException e) {
        throw new Malformed("malformed", "bad next_hop '" + nh.asText() + "'");
      }
    }
    if (d.path("med").canConvertToLong()) {
      attrs.add(new PathAttribute.MultiExitDisc(d.path("med").asLong()));
    }
    List<Integer> communities = new ArrayList<>();
    for (JsonNode c : array(d, "community")) {
      if (!c.isArray() || c.size() != 2 || !c.get(0).canConvertToInt() || !c.get(1).canConvertToInt()) {
        throw new Malformed("malformed", "bad community " + c + " (expected: [asn, value])");
      }
      communities.add((c.get(0).asInt() << 16) | (c.get(1).asInt() & 0xffff));
    }
    if (!communities.isEmpty()) {
      attrs.add(new PathAttribute.Communities(communities));
    }
    return PathAttributes.of(attrs.toArray(PathAttribute[]::new));
  }

  private static List<AsPathSegment> segments(Iterable<JsonNode> path) throws Malformed {
    List<AsPathSegment> out = new ArrayList<>();
    List<Long> seq = new ArrayList<>();
    for (JsonNode hop : path) {
      if (hop.isArray()) {
        if (!seq.isEmpty()) {
          out.add(AsPathSegment.sequence(seq.stream().mapToLong(Long::longValue).toArray()));
          seq.clear();
        }
        List<Long> set = new ArrayList<>();
        for (JsonNode m : hop) {
          set.add(asnValue(m));
        }
        out.add(AsPathSegment.set(set.stream().mapToLong(Long::longValue).toArray()));
      } else {
        seq.add(asnValue(hop));
      }
    }
    if (!seq.isEmpty()) {
      out.add(AsPathSegment.sequence(seq.stream().mapToLong(Long::longValue).toArray()));
    }
    return out;
  }

  private static long asnValue(JsonNode n) throws Malformed {
    long v = n.canConvertToLong() ? n.asLong() : n.isTextual() && n.asText().matches("\\d{1,10}") ? Long.parseLong(n.asText()) : -1;
    if (v < 0 || v > 0xffffffffL) {
      throw new Malformed("malformed", "bad AS number " + n + " (expected: 0..4294967295)");
    }
    return v;
  }

  private static long asn(JsonNode d) throws Malformed {
    JsonNode n = d.path("peer_asn");
    if (n.isMissingNode()) {
      throw new Malformed("malformed", "ris_message without peer_asn");
    }
    return asnValue(n);
  }

  private static IpAddress address(JsonNode d, String key) throws Malformed {
    String s = text(d, key);
    try {
      return IpAddress.parse(s);
    } catch (IllegalArgumentException e) {
      throw new Malformed("malformed", "bad " + key + " '" + s + "' (expected: an IP address)");
    }
  }

  private static Prefix prefix(JsonNode n) throws Malformed {
    try {
      return Prefix.parse(n.asText());
    } catch (IllegalArgumentException e) {
      throw new Malformed("malformed", "bad prefix " + n + ": " + e.getMessage());
    }
  }

  private static Instant time(JsonNode d) throws Malformed {
    JsonNode t = d.path("timestamp");
    if (!t.isNumber()) {
      throw new Malformed("malformed", "ris_message without a numeric timestamp");
    }
    double s = t.asDouble();
    return Instant.ofEpochSecond((long) s, (long) ((s - Math.floor(s)) * 1e9));
  }

  private static String text(JsonNode d, String key) throws Malformed {
    JsonNode n = d.path(key);
    if (!n.isTextual() || n.asText().isEmpty()) {
      throw new Malformed("malformed", "ris_message without '" + key + "'");
    }
    return n.asText();
  }

  private static Iterable<JsonNode> array(JsonNode d, String key) throws Malformed {
    JsonNode n = d.path(key);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new Malformed("malformed", "'" + key + "' is not an array");
    }
    return n;
  }
}
