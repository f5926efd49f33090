package org.bgpsentry.daemon.config;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.daemon.session.PeerMode;

/**
 * One {@code peers:} entry (docs/configuration.md).
 *
 * @param port TCP port for {@code mode: active} (179 unless given as {@code address:port})
 * @param md5Password TCP MD5 key (RFC 2385), or null
 * @param role RFC 9234 role of the peer, or null when not configured
 * @param holdTime per-peer override, or null to use {@code bgp.hold_time}
 * @param maxPrefixes routes allowed per family before the session is closed with Cease/Maximum
 *     Number of Prefixes Reached (RFC 4486 §4); families not in the map have no limit
 * @param delayOpen RFC 4271 §8.1.1 DelayOpenTime; zero means DelayOpen is off
 * @param location where the peer's router stands (the names of registered prefixes' {@code
 *     location}), or null
 */
public record PeerConfig(
    String name,
    IpAddress address,
    int port,
    long remoteAsn,
    PeerMode mode,
    String md5Password,
    PeerRole role,
    Set<Family> families,
    Duration holdTime,
    Map<Family, Long> maxPrefixes,
    Duration delayOpen,
    String location) {

  public PeerConfig {
    families = Set.copyOf(families);
    maxPrefixes = Map.copyOf(maxPrefixes);
  }
}
