package org.bgpsentry.analytics.event;

/**
 * Where a peer's router stands (docs/configuration.md, peers' {@code location}, the same names as
 * registered prefixes' {@code location}), for the {@code ingress_location} rule of
 * suboptimal_path. Configured BGP peers answer from the config; a BMP monitored peer can answer
 * with its router's location. Null when the peer has none (MRT peers never have one).
 */
@FunctionalInterface
public interface PeerLocations {
  PeerLocations NONE = peer -> null;

  String locationOf(PeerId peer);
}
