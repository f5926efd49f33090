package org.bgpsentry.daemon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.analytics.rpki.VrpSet;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Reads a VRP file as rpki-client, Routinator and StayRTR write it (docs/configuration.md {@code
 * rpki.vrp_file}): {@code {"roas": [{"prefix", "maxLength", "asn": 64496 | "AS64496"}], "aspas":
 * [...], "metadata": {...}}}. ASPA entries are read in rpki-client's forms ({@code customer_asid} +
 * {@code providers}, or the older {@code provider_set: [{asid}]}), under {@code aspas} or under
 * {@code provider_authorizations: {"ipv4": [...], "ipv6": [...]}} (rpki-client 8, what StayRTR
 * 0.5 reads); a customer's per-family lists merge into one provider set. The build time comes from
 * {@code metadata.buildtime} (rpki-client), {@code metadata.generated} (Routinator, epoch seconds)
 * or else the file's modification time: it drives {@code rpki.stale_after}.
 */
public final class VrpFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private VrpFile() {}

  /**
   * @throws IOException when unreadable, or {@link IllegalArgumentException} naming the entry
   *     that is not a valid VRP or ASPA
   */
  public static RpkiData load(Path file) throws IOException {
    JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
    if (root == null || !root.path("roas").isArray()) {
      throw new IllegalArgumentException(file + ": no \"roas\" array (expected: rpki-client JSON)");
    }
    List<Vrp> vrps = new ArrayList<>();
    int i = 0;
    for (JsonNode r : root.path("roas")) {
      try {
        Prefix p = Prefix.parse(r.path("prefix").asText());
        int max = r.has("maxLength") ? r.path("maxLength").asInt() : p.length();
        vrps.add(new Vrp(p, max, asn(r.path("asn"))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": roas[" + i + "]: " + e.getMessage(), e);
      }
      i++;
    }
    Map<Long, Set<Long>> aspas = new HashMap<>();
    readAspas(root.path("aspas"), aspas);
    JsonNode perFamily = root.path("provider_authorizations");
    readAspas(perFamily.path("ipv4"), aspas);
    readAspas(perFamily.path("ipv6"), aspas);
    return new RpkiData(new VrpSet(vrps, buildTime(root.path("metadata"), file)), new AspaSet(aspas));
  }

  /** Adds each entry's providers to its customer's set (per-family lists merge into one). */
  private static void readAspas(JsonNode entries, Map<Long, Set<Long>> into) {
    for (JsonNode a : entries) {
      long customer = asn(a.has("customer_asid") ? a.path("customer_asid") : a.path("customer"));
      Set<Long> providers = into.computeIfAbsent(customer, c -> new HashSet<>());
      for (JsonNode p : a.has("providers") ? a.path("providers") : a.path("provider_set")) {
        providers.add(asn(p.isObject() ? p.path("asid") : p));
      }
    }
  }

  private static long asn(JsonNode n) {
    String text = n.asText();
    String digits = text.regionMatches(true, 0, "AS", 0, 2) ? text.substring(2) : text;
    long v;
    try {
      v = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid ASN '" + text + "' (expected: 64496 or \"AS64496\")");
    }
    if (v < 0 || v > 0xffffffffL) {
      throw new IllegalArgumentException("ASN " + v + " out of range (expected: 0..4294967295)");
    }
    return v;
  }

  private static Instant buildTime(JsonNode metadata, Path file) throws IOException {
    try {
      if (metadata.has("buildtime")) {
        return Instant.parse(metadata.path("buildtime").asText());
      }
      if (metadata.has("generated")) {
        return Instant.ofEpochSecond(metadata.path("generated").asLong());
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          file + ": metadata.buildtime '" + metadata.path("buildtime").asText()
              + "' (expected: RFC 3339 UTC time)", e);
    }
    return Files.getLastModifiedTime(file).toInstant();
  }
}
