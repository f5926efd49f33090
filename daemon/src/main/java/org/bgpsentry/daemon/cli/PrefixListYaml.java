package org.bgpsentry.daemon.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/** Writes {@code generate}'s entries as a {@code prefixes.yml} (docs/configuration.md) with a header. */
final class PrefixListYaml {
  private PrefixListYaml() {}

  static String write(long asn, String source, Instant now, List<PrefixListGenerator.Entry> entries) {
    StringBuilder b = new StringBuilder();
    b.append("# prefixes.yml for AS").append(asn).append(", written by bgpsentry generate\n");
    b.append("# source: ").append(source.replace('\n', ' ')).append('\n');
    b.append("# generated: ").append(now.truncatedTo(ChronoUnit.SECONDS)).append('\n');
    b.append("# origin_asns, upstream_asns and max_length are what was observed: review them;\n");
    b.append("# description (and customer, provider, location) are yours to fill in.\n");
    b.append("prefixes:\n");
    for (PrefixListGenerator.Entry e : entries) {
      b.append("  - prefix: ").append(e.prefix()).append('\n');
      if (e.ownedByOthers()) {
        b.append("    # a more specific that AS").append(asn).append(" does not originate\n");
      }
      if (!e.folded().isEmpty()) {
        b.append("    # covers the more-specifics seen: ")
            .append(e.folded().stream().map(Object::toString).collect(Collectors.joining(", ")))
            .append('\n');
      }
      b.append("    description: \"\"\n");
      b.append("    origin_asns: ").append(list(e.originAsns())).append('\n');
      b.append("    upstream_asns: ").append(list(e.upstreamAsns())).append('\n');
      b.append("    max_length: ").append(e.maxLength()).append('\n');
      if (e.maxPathLength() > 0) {
        b.append("    max_path_length: ").append(e.maxPathLength())
            .append("  # the longest path seen; longer than detection.max_path_length\n");
      }
    }
    return b.toString();
  }

  private static String list(List<Long> asns) {
    return asns.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
