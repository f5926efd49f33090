package org.bgpsentry.daemon.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * The local BGP speaker (docs/configuration.md {@code bgp}): where to listen, who we are, our timers.
 *
 * @param listen addresses to accept connections on (may be empty: active peers only)
 * @param holdTime our Hold Time: 0 or at least 3 s (RFC 4271 §4.2)
 * @param connectRetry ConnectRetryTime for active peers (RFC 4271 §8.1.3; we use 30 s)
 * @param idleHold the first IdleHold time after an error, doubled per error (RFC 4271 §8.1.1)
 */
public record SpeakerSettings(
    List<InetSocketAddress> listen,
    long localAsn,
    IpAddress routerId,
    Duration holdTime,
    Duration connectRetry,
    Duration idleHold) {
  public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);

  public SpeakerSettings {
    listen = List.copyOf(listen);
    long h = holdTime.toSeconds();
    if (h != 0 && (h < 3 || h > 65535)) {
      throw new IllegalArgumentException("hold time " + holdTime + " (expected: 0 or 3s..65535s)");
    }
  }

  /** Default timers: hold 90 s, ConnectRetry 30 s, IdleHold from 1 s. */
  public static SpeakerSettings of(
      List<InetSocketAddress> listen, long localAsn, IpAddress routerId) {
    return new SpeakerSettings(
        listen,
        localAsn,
        routerId,
        DEFAULT_HOLD_TIME,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1));
  }
}
