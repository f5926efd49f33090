package org.bgpsentry.daemon.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The recorded table the demo's simulated peer announces: {@code prefix|as path|origin} lines
 * (see {@code demo/README.md} for the source), packed into UPDATEs that share one attribute set,
 * as a router would send them.
 */
final class RecordedTable {
  static final String RESOURCE = "/demo/rrc05-20020722-as1853.txt.gz";

  /** IPv4 NLRI per UPDATE: keeps every message well under 4096 octets (RFC 4271 §4.3). */
  private static final int MAX_NLRI_PER_UPDATE = 600;

  private RecordedTable() {}

  /** The bundled table as UPDATEs with {@code nextHop}, in first-seen order of attribute sets. */
  static List<Update> updates(IpAddress nextHop) {
    try (InputStream in = RecordedTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("demo table " + RESOURCE + " missing from the jar");
      }
      return updates(new GZIPInputStream(in), nextHop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read demo table " + RESOURCE, e);
    }
  }

  static List<Update> updates(InputStream table, IpAddress nextHop) throws IOException {
    Map<String, List<Nlri>> byAttributes = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(table, StandardCharsets.US_ASCII));
    for (String line; (line = r.readLine()) != null; ) {
      int bar = line.indexOf('|');
      if (bar < 0) {
        continue;
      }
      byAttributes
          .computeIfAbsent(line.substring(bar + 1), k -> new ArrayList<>())
          .add(Nlri.of(Prefix.parse(line.substring(0, bar))));
    }
    List<Update> out = new ArrayList<>();
    for (Map.Entry<String, List<Nlri>> e : byAttributes.entrySet()) {
      String[] pathAndOrigin = e.getKey().split("\\|", -1);
      PathAttributes attrs =
          attributes(asPath(pathAndOrigin[0]), OriginType.valueOf(pathAndOrigin[1]), nextHop);
      List<Nlri> nlri = e.getValue();
      for (int i = 0; i < nlri.size(); i += MAX_NLRI_PER_UPDATE) {
        out.add(new Update(List.of(), attrs, nlri.subList(i, Math.min(nlri.size(), i + MAX_NLRI_PER_UPDATE))));
      }
    }
    return out;
  }

  /** ORIGIN, AS_PATH, NEXT_HOP: the mandatory attributes of an eBGP route (RFC 4271 §5). */
  static PathAttributes attributes(List<AsPathSegment> path, OriginType origin, IpAddress nextHop) {
    return PathAttributes.of(
        new PathAttribute.Origin(origin),
        new PathAttribute.AsPath(path),
        new PathAttribute.NextHop(nextHop));
  }

  /** Parses bgpdump's AS path text: {@code 1853 1239 {701,702}}. */
  static List<AsPathSegment> asPath(String text) {
    List<AsPathSegment> segments = new ArrayList<>();
    List<Long> sequence = new ArrayList<>();
    for (String token : text.trim().split(" +")) {
      if (token.isEmpty()) {
        continue;
      }
      if (token.startsWith("{")) {
        flush(sequence, segments);
        String[] members = token.substring(1, token.length() - 1).split(",");
        long[] set = new long[members.length];
        for (int i = 0; i < set.length; i++) {
          set[i] = Long.parseLong(members[i]);
        }
        segments.add(AsPathSegment.set(set));
      } else {
        sequence.add(Long.parseLong(token));
      }
    }
    flush(sequence, segments);
    return segments;
  }

  private static void flush(List<Long> sequence, List<AsPathSegment> segments) {
    if (!sequence.isEmpty()) {
      segments.add(AsPathSegment.sequence(sequence.stream().mapToLong(Long::longValue).toArray()));
      sequence.clear();
    }
  }
}
