package org.bgpsentry.daemon.http;

import java.time.Instant;
import java.util.List;

/**
 * One entry of {@code GET /api/v1/routes} (docs/api.md); JSON keys are the snake_case
 * component names.
 *
 * @param origin {@code igp}, {@code egp} or {@code incomplete} (RFC 4271 §5.1.1)
 * @param localPref LOCAL_PREF, or null when absent
 * @param med MULTI_EXIT_DISC, or null when absent
 * @param communities RFC 1997 communities as {@code asn:value}
 * @param largeCommunities RFC 8092 large communities as {@code a:b:c}
 * @param otc RFC 9234 Only-To-Customer AS, or null
 * @param rpkiState {@code valid}, {@code invalid}, {@code not_found} or {@code unknown}
 */
public record ReceivedRoute(
    String prefix,
    String peer,
    String nextHop,
    List<Long> asPath,
    Long originAsn,
    String origin,
    Long localPref,
    Long med,
    List<String> communities,
    List<String> largeCommunities,
    Long otc,
    String rpkiState,
    Instant receivedAt) {}
