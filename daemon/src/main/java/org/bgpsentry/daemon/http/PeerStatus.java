package org.bgpsentry.daemon.http;

import java.util.List;

/**
 * One entry of {@code GET /api/v1/peers} (docs/api.md); JSON keys are the snake_case
 * component names.
 *
 * @param state RFC 4271 §8.2.2 state, lower case ({@code established})
 * @param uptimeS seconds since the session reached Established, 0 when not established
 * @param capabilities negotiated capabilities by name
 * @param lastError the last NOTIFICATION or connection error, or null
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
    String lastError) {}
