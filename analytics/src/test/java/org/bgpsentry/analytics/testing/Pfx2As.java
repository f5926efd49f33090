package org.bgpsentry.analytics.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Reads CAIDA RouteViews prefix-to-AS files ({@code prefix<TAB>len<TAB>asn}, where asn may be
 * {@code a_b} for MOAS and {@code a,b} for an AS_SET origin).
 */
public final class Pfx2As {
  private Pfx2As() {}

  /**
   * One row: the prefix and its origins; each origin is one AS (length 1) or an AS_SET.
   */
  public record Row(Prefix prefix, List<long[]> origins) {
    /** Every AS named as (part of) an origin. */
    public List<Long> allAsns() {
      List<Long> out = new ArrayList<>();
      origins.forEach(o -> Arrays.stream(o).forEach(out::add));
      return out.stream().distinct().toList();
    }
  }

  /** Every {@code step}-th row, up to {@code limit} rows. */
  public static List<Row> read(Path file, int step, int limit) throws IOException {
    List<Row> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null && out.size() < limit) {
        if (n++ % step != 0) {
          continue;
        }
        String[] f = line.split("\t");
        Prefix p = Prefix.parse(f[0] + "/" + f[1]);
        List<long[]> origins = new ArrayList<>();
        for (String alt : f[2].split("_")) {
          origins.add(Arrays.stream(alt.split(",")).mapToLong(Long::parseLong).toArray());
        }
        out.add(new Row(p, origins));
      }
    }
    return out;
  }
}
