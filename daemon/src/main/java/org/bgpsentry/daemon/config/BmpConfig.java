package org.bgpsentry.daemon.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.bmp.Rib;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * The {@code bmp:} section (docs/operators-guide.md "Monitoring routers with BMP"): the station's listeners, the routers allowed to
 * send BMP, which views feed detection, and how long a lost router's routes stay.
 *
 * @param listen the station's TCP listeners; empty when only active routers are configured
 * @param detect the RIBs whose views are peers for detection
 */
public record BmpConfig(
    List<InetSocketAddress> listen, List<Router> routers, Set<Rib> detect, Duration staleAfter) {
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);

  public BmpConfig {
    listen = List.copyOf(listen);
    routers = List.copyOf(routers);
    detect = Set.copyOf(detect);
  }

  /**
   * One router allowed to send BMP.
   *
   * @param port for {@code active}: the port the station connects to; else 0
   * @param location where the router stands (as peers' {@code location}), or null
   */
  public record Router(String name, IpAddress address, int port, String location, boolean active) {}
}
