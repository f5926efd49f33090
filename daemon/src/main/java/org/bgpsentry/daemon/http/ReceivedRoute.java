package org.bgpsentry.daemon.http;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.bgpsentry.analytics.detect.PathView;
import org.bgpsentry.analytics.rib.RibRoute;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Prefix;

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
 * @param source {@code bgp} or {@code bmp} (docs/operators-guide.md "Monitoring routers with BMP")
 * @param router the BMP router, or null
 * @param rib the BMP view, or null
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
    Instant receivedAt,
    String source,
    String router,
    String rib) {
  /** A route of a BGP session. */
  public ReceivedRoute(
      String prefix, String peer, String nextHop, List<Long> asPath, Long originAsn, String origin,
      Long localPref, Long med, List<String> communities, List<String> largeCommunities, Long otc,
      String rpkiState, Instant receivedAt) {
    this(prefix, peer, nextHop, asPath, originAsn, origin, localPref, med, communities,
        largeCommunities, otc, rpkiState, receivedAt, "bgp", null, null);
  }

  /** This route from another kind of source ({@code ris}, {@code kafka}: docs/operators-guide.md "Monitoring routers with BMP"). */
  public ReceivedRoute withSource(String kind) {
    return new ReceivedRoute(prefix, peer, nextHop, asPath, originAsn, origin, localPref, med,
        communities, largeCommunities, otc, rpkiState, receivedAt, kind, router, rib);
  }

  /** This route as received through BMP from {@code router}'s view {@code rib}. */
  public ReceivedRoute viaBmp(String peerName, String routerName, String ribName) {
    return new ReceivedRoute(prefix, peerName, nextHop, asPath, originAsn, origin, localPref, med,
        communities, largeCommunities, otc, rpkiState, receivedAt, "bmp", routerName, ribName);
  }

  /** The API form of a route held in an Adj-RIB-In; {@code rpki} gives the RFC 6811 state of (prefix, origin). */
  public static ReceivedRoute of(
      RibRoute r,
      BiFunction<Prefix, Long, String> rpki) {
    PathAttributes a = r.attributes();
    PathView path = PathView.of(a.asPath());
    long origin = path.origin(r.peer().asn());
    PathAttribute.MpReachNlri mp =
        a.find(PathAttribute.MpReachNlri.class);
    String nextHop = a.nextHop() != null ? a.nextHop().address().toString()
        : mp != null && !mp.nextHops().isEmpty() ? mp.nextHops().get(0).toString() : null;
    return new ReceivedRoute(
        r.prefix().toString(),
        r.peer().name(),
        nextHop,
        path.asList(),
        origin < 0 ? null : origin,
        a.origin() == null ? null : a.origin().name().toLowerCase(Locale.ROOT),
        a.localPref() < 0 ? null : a.localPref(),
        a.med() < 0 ? null : a.med(),
        a.communities().stream().map(c -> (c >>> 16) + ":" + (c & 0xffff)).toList(),
        a.largeCommunities().stream().map(Object::toString).toList(),
        a.otc() < 0 ? null : a.otc(),
        rpki.apply(r.prefix(), origin),
        r.receivedAt());
  }
}
