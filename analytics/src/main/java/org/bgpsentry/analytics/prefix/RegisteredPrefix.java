package org.bgpsentry.analytics.prefix;

import java.util.List;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * One registered customer location from {@code prefixes.yml} (docs/configuration.md).
 *
 * @param originAsns ASNs allowed to originate the prefix; empty = nobody (squatting detection)
 * @param maxLength longest legitimate more-specific (defaults to the prefix length)
 * @param upstreamAsns allowed neighbours of the origin; empty = not checked
 * @param viaAsns the best path must traverse one of these; empty = not checked
 * @param maxPathLength override of detection.max_path_length, or 0 when not set
 * @param severity floor for this prefix's hijack alerts, or null
 * @param ingressLocations where the best path should enter (peers' {@code location}); empty means
 *     {@code location} alone, or no ingress check when that is empty too
 * @param communities communities every route for the prefix or a more specific must carry
 */
public record RegisteredPrefix(
    Prefix prefix,
    String description,
    String customer,
    String provider,
    String location,
    List<Long> originAsns,
    int maxLength,
    List<Long> upstreamAsns,
    List<Long> viaAsns,
    int maxPathLength,
    Severity severity,
    List<IpAddress> probeTargets,
    List<String> ingressLocations,
    List<Community> communities) {

  public RegisteredPrefix {
    ingressLocations = List.copyOf(ingressLocations);
    communities = List.copyOf(communities);
    originAsns = List.copyOf(originAsns);
    upstreamAsns = List.copyOf(upstreamAsns);
    viaAsns = List.copyOf(viaAsns);
    probeTargets = List.copyOf(probeTargets);
    if (maxLength < prefix.length() || maxLength > prefix.maxLength()) {
      throw new IllegalArgumentException(
          "max_length "
              + maxLength
              + " out of range (expected: "
              + prefix.length()
              + ".."
              + prefix.maxLength()
              + ")");
    }
  }

  /** An entry without ingress locations or required communities. */
  public RegisteredPrefix(
      Prefix prefix,
      String description,
      String customer,
      String provider,
      String location,
      List<Long> originAsns,
      int maxLength,
      List<Long> upstreamAsns,
      List<Long> viaAsns,
      int maxPathLength,
      Severity severity,
      List<IpAddress> probeTargets) {
    this(
        prefix, description, customer, provider, location, originAsns, maxLength, upstreamAsns,
        viaAsns, maxPathLength, severity, probeTargets, List.of(), List.of());
  }

  /**
   * The locations where P's best path should be received (docs/configuration.md {@code
   * ingress_locations}, default: {@code location}); empty when neither is set.
   */
  public List<String> expectedIngress() {
    if (!ingressLocations.isEmpty()) {
      return ingressLocations;
    }
    return location == null || location.isEmpty() ? List.of() : List.of(location);
  }

  /** A copy with these ingress locations and required communities. */
  public RegisteredPrefix withIngress(List<String> locations, List<Community> required) {
    return new RegisteredPrefix(
        prefix, description, customer, provider, location, originAsns, maxLength, upstreamAsns,
        viaAsns, maxPathLength, severity, probeTargets, locations, required);
  }

  /** A minimal entry: prefix and allowed origins, everything else defaulted. */
  public static RegisteredPrefix of(Prefix prefix, long... originAsns) {
    List<Long> origins = java.util.Arrays.stream(originAsns).boxed().toList();
    return new RegisteredPrefix(
        prefix, "", "", "", "", origins, prefix.length(), List.of(), List.of(), 0, null, List.of());
  }
}
