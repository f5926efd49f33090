package org.bgpsentry.daemon.http;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.daemon.session.PeerStatus;
import org.bgpsentry.daemon.session.SessionState;

/** One entry of {@code GET /api/v1/peers} (docs/api.md), from a session's {@link PeerStatus}. */
public final class PeerJson {
  private PeerJson() {}

  /**
   * {@code {name, address, asn, state, uptime_s, routes_ipv4, routes_ipv6, capabilities,
   * last_error, source, router, rib}}; {@code uptime_s} is 0 when the session is not established;
   * {@code source} is {@code bgp}, {@code bmp} or {@code ris} (a RIS Live peer), {@code router} and {@code rib} name a BMP view
   * (docs/operators-guide.md "Monitoring routers with BMP"), null for a session.
   */
  public static Map<String, Object> of(PeerStatus s, Instant now) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", s.peer().name());
    o.put("address", s.peer().address() == null ? null : s.peer().address().toString());
    o.put("asn", s.peer().asn());
    o.put("state", stateName(s.state()));
    o.put("uptime_s", s.establishedAt() == null ? 0 : Duration.between(s.establishedAt(), now).toSeconds());
    o.put("routes_ipv4", s.routesIpv4());
    o.put("routes_ipv6", s.routesIpv6());
    o.put("capabilities", s.capabilities().stream().map(PeerJson::capabilityName).toList());
    o.put("last_error", s.lastError());
    o.put("source", s.source());
    o.put("router", s.router());
    o.put("rib", s.rib());
    return o;
  }

  /** RFC 4271 §8.2.2 state in lower case without underscores ({@code openconfirm}). */
  public static String stateName(SessionState s) {
    return s.name().replace("_", "").toLowerCase(Locale.ROOT);
  }

  static String capabilityName(Capability c) {
    return switch (c) {
      case Capability.Multiprotocol m -> "multiprotocol:" + m.family();
      case Capability.RouteRefresh r -> "route_refresh";
      case Capability.ExtendedNextHop e -> "extended_next_hop";
      case Capability.ExtendedMessage e -> "extended_message";
      case Capability.BgpRole r -> "role";
      case Capability.GracefulRestart g -> "graceful_restart";
      case Capability.FourOctetAs f -> "four_octet_as";
      case Capability.AddPath a -> "add_path";
      case Capability.EnhancedRouteRefresh e -> "enhanced_route_refresh";
      case Capability.LongLivedGracefulRestart l -> "long_lived_graceful_restart";
      case Capability.Fqdn f -> "fqdn";
      case Capability.Unknown u -> "unknown:" + u.code().code();
    };
  }
}
