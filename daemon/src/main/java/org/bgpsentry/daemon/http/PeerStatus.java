package org.bgpsentry.daemon.http;

import java.util.List;

/**
 * One entry of {@code GET /api/v1/peers} (CONTRACT.md §7); JSON keys are the snake_case
 * component names.
 *
 * @param state RFC 4271 §8.2.2 state, lower case ({@code established})
 * @param uptimeS seconds since the session reached Established, 0 when not established
 * @param capabilities negotiated capabilities by name
 * @param lastError the last NOTIFICATION or connection error, or null
 * @param source where the peer's routes come from: {@code bgp}, {@code bmp} (CONTRACT.md §10)
 * @param router the BMP router, or null
 * @param rib the BMP view ({@code adj-rib-in-pre}, {@code loc-rib}, ...), or null
 */
public record PeerStatus(
    String name,
    String address,
    long asn,
    String state,
    long uptimeS,
    long routesIpv4,
    long routesIpv6,
    List<String> capabilities,
    String lastError,
    String source,
    String router,
    String rib) {
  /** A BGP session's entry. */
  public PeerStatus(
      String name, String address, long asn, String state, long uptimeS, long routesIpv4,
      long routesIpv6, List<String> capabilities, String lastError) {
    this(name, address, asn, state, uptimeS, routesIpv4, routesIpv6, capabilities, lastError, "bgp",
        null, null);
  }
}
