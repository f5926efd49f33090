package org.bgpsentry.daemon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;

/**
 * {@code check-config} warnings for the suboptimal_path rule {@code ingress_location}
 * (docs/alerts.md): a registered prefix whose ingress location (its {@code ingress_locations}, or
 * else its {@code location}) is no configured peer's or BMP router's {@code location} can never be
 * judged by it.
 */
public final class IngressCheck {
  private IngressCheck() {}

  /**
   * One line per such location: {@code FILE: warning: PREFIX: ...}.
   *
   * @param known the locations peers and BMP routers stand at ({@link #knownLocations})
   */
  public static List<String> warnings(String registryFile, List<RegisteredPrefix> prefixes, Set<String> known) {
    List<String> out = new ArrayList<>();
    for (RegisteredPrefix p : prefixes) {
      for (String location : p.expectedIngress()) {
        if (!known.contains(location)) {
          out.add(registryFile + ": warning: " + p.prefix() + ": ingress location \"" + location
              + "\" is no peer's or router's location (configured: "
              + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known)))
              + "); the suboptimal_path rule ingress_location cannot judge it");
        }
      }
    }
    return out;
  }

  /** The locations of the configured peers and BMP routers. */
  public static Set<String> knownLocations(BgpsentryConfig cfg) {
    Set<String> out = new TreeSet<>();
    for (PeerConfig p : cfg.peers()) {
      if (p.location() != null) {
        out.add(p.location());
      }
    }
    if (cfg.bmp() != null) {
      for (BmpConfig.Router r : cfg.bmp().routers()) {
        if (r.location() != null) {
          out.add(r.location());
        }
      }
    }
    return out;
  }
}
