package org.bgpsentry.daemon.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code rpki:} (docs/configuration.md).
 *
 * @param vrpFile VRP JSON file, or null
 * @param rtr RPKI-to-Router cache (RFC 8210), or null
 * @param staleAfter no RPKI alerts while VRP data is older than this
 */
public record RpkiConfig(Path vrpFile, InetSocketAddress rtr, Duration staleAfter) {
  public static final RpkiConfig DEFAULT = new RpkiConfig(null, null, Duration.ofHours(2));
}
