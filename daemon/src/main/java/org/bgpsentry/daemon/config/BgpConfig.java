package org.bgpsentry.daemon.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * {@code bgp:} (docs/configuration.md): where we listen and who we are.
 *
 * @param holdTime proposed hold time; zero or at least 3 s (RFC 4271 §4.2)
 */
public record BgpConfig(
    List<InetSocketAddress> listen, long localAsn, IpAddress routerId, Duration holdTime) {
  public static final int BGP_PORT = 179;
  public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);

  public BgpConfig {
    listen = List.copyOf(listen);
  }
}
