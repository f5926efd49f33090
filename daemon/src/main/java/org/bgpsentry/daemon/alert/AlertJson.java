package org.bgpsentry.daemon.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * The alert object of docs/alerts.md, exactly: snake_case keys in the documented order, RFC 3339
 * UTC times, {@code resolved_at} null while firing, {@code origin_asn} null when not applicable,
 * {@code peers} as {@code [{name, address, asn}]} and {@code peer_count}. The webhook {@code json}
 * body, the API and {@code replay} all use it; {@link #read} restores an alert from the outbox.
 */
public final class AlertJson {
  /** Shared mapper: plain Jackson, no polymorphism, no default typing. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  /** The alert as a JSON object tree: {@link #write}'s bytes, read back (for the API). */
  public static ObjectNode toNode(Alert a) {
    try {
      return (ObjectNode) MAPPER.readTree(write(a));
    } catch (IOException e) {
      throw new IllegalStateException("alert not serialisable: " + a.key(), e);
    }
  }

  /**
   * The alert as UTF-8 JSON bytes, streamed without building a tree (replay writes tens of
   * thousands of these). The one place that lists the fields in their documented order.
   */
  public static byte[] write(Alert a) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(1024)) {
      try (JsonGenerator g = MAPPER.createGenerator(bytes)) {
        write(a, g);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("alert not serialisable: " + a.key(), e);
    }
  }

  private static void write(Alert a, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", a.id());
    g.writeStringField("key", a.key());
    g.writeStringField("type", a.type().wireName());
    g.writeStringField("severity", a.severity().wireName());
    g.writeStringField("status", a.status().wireName());
    g.writeStringField("summary", a.summary());
    g.writeStringField("registered_prefix", a.registeredPrefix());
    g.writeStringField("prefix", a.prefix());
    g.writeStringField("customer", a.customer());
    g.writeStringField("provider", a.provider());
    g.writeStringField("location", a.location());
    g.writeArrayFieldStart("expected_origins");
    for (long asn : a.expectedOrigins()) {
      g.writeNumber(asn);
    }
    g.writeEndArray();
    if (a.originAsn() < 0) {
      g.writeNullField("origin_asn");
    } else {
      g.writeNumberField("origin_asn", a.originAsn());
    }
    g.writeArrayFieldStart("as_path");
    for (long asn : a.asPath()) {
      g.writeNumber(asn);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("peers");
    for (PeerId p : a.peers()) {
      g.writeStartObject();
      g.writeStringField("name", p.name());
      g.writeStringField("address", p.address() == null ? null : p.address().toString());
      g.writeNumberField("asn", p.asn());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("peer_count", a.peerCount());
    g.writeStringField("first_seen", time(a.firstSeen()));
    g.writeStringField("last_seen", time(a.lastSeen()));
    g.writeStringField("resolved_at", a.status() == AlertStatus.FIRING ? null : time(a.resolvedAt()));
    g.writeFieldName("details");
    g.writeObject(a.details());
    g.writeEndObject();
  }

  /**
   * RFC 3339 UTC ({@code 2008-02-24T18:47:45Z}) at most to the millisecond
   * ({@code 2026-11-23T14:00:00.123Z}): a fraction only when there is one, never the clock's
   * nanoseconds, which common RFC 3339 parsers refuse. Null stays null.
   */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** Parses what {@link #write} wrote. */
  public static Alert read(byte[] json) {
    try {
      JsonNode o = MAPPER.readTree(json);
      List<PeerId> peers = new ArrayList<>();
      for (JsonNode p : o.path("peers")) {
        String addr = p.path("address").asText(null);
        // the JSON has no source: a restored alert's peers are shown until detection shows its own
        String name = p.path("name").asText();
        peers.add(new PeerId(name, addr == null ? null : IpAddress.parse(addr), p.path("asn").asLong(),
            PeerId.Source.ofUnsourcedName(name)));
      }
      Map<String, Object> details = MAPPER.convertValue(o.path("details"), new TypeReference<Map<String, Object>>() {});
      return new Alert(
          o.path("id").asText(),
          o.path("key").asText(),
          AlertType.parse(o.path("type").asText()),
          Severity.parse(o.path("severity").asText()),
          AlertStatus.valueOf(o.path("status").asText().toUpperCase(java.util.Locale.ROOT)),
          o.path("summary").asText(),
          o.path("registered_prefix").asText(),
          o.path("prefix").asText(),
          o.path("customer").asText(),
          o.path("provider").asText(),
          o.path("location").asText(),
          longs(o.path("expected_origins")),
          o.path("origin_asn").isNull() ? -1 : o.path("origin_asn").asLong(),
          longs(o.path("as_path")),
          peers,
          instant(o.path("first_seen")),
          instant(o.path("last_seen")),
          instant(o.path("resolved_at")),
          details == null ? Map.of() : details);
    } catch (IOException e) {
      throw new UncheckedIOException("stored alert is not valid JSON", e);
    }
  }

  private static List<Long> longs(JsonNode arr) {
    List<Long> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asLong()));
    return out;
  }

  private static Instant instant(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asText());
  }
}
