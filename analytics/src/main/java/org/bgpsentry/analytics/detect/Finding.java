package org.bgpsentry.analytics.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.latency.LatencyCondition;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * One condition a detector found (docs/alerts.md), typed per alert family. Only {@code
 * AlertLifecycle} turns findings into alerts; a finding knows its key, summary and evidence.
 */
public sealed interface Finding {
  AlertType type();

  /** The registration it concerns, or null (peer_down). */
  RegisteredPrefix registered();

  /** The announced prefix Q (text), or "" when not route-specific. */
  String prefix();

  /** The key's subject: offending origin, leaking AS, peer name, or "". */
  String subject();

  String summary();

  /** Type-specific evidence, JSON-friendly values. */
  Map<String, Object> details();

  /** The origin AS of the offending route, or -1. */
  default long originAsn() {
    return -1;
  }

  default Severity severity() {
    return type().defaultSeverity();
  }

  /**
   * This finding for an alert key several routes show, given the findings of each of them ({@code
   * all}, this one included): most findings speak for all; {@link CommunityMissing} lists each
   * peer's route.
   */
  default Finding combine(List<Finding> all) {
    return this;
  }

  default String registeredPrefix() {
    return registered() == null ? "" : registered().prefix().toString();
  }

  /** {@code type|registered_prefix|prefix|subject} (docs/alerts.md). */
  default String key() {
    return Alert.key(type(), registeredPrefix(), prefix(), subject());
  }

  /** A condition of one route for Q under the registration P. */
  sealed interface RouteFinding extends Finding {
    /** Q, the announced prefix. */
    Prefix announced();

    @Override
    default String prefix() {
      return announced().toString();
    }
  }

  /** docs/configuration.md: a registration's {@code severity} is the floor of its hijack alerts. */
  private static Severity floor(AlertType t, RegisteredPrefix r) {
    Severity s = t.defaultSeverity();
    return r.severity() != null && r.severity().compareTo(s) > 0 ? r.severity() : s;
  }

  private static String expected(RegisteredPrefix r) {
    return r.originAsns().isEmpty()
        ? "nobody (registered as unannounced)"
        : r.originAsns().stream().map(a -> "AS" + a).collect(Collectors.joining(" or "));
  }

  /** {@code origin_hijack}: Q == P originated by an AS not in {@code origin_asns}. */
  record OriginHijack(RegisteredPrefix registered, Prefix announced, long originAsn)
      implements RouteFinding {
    public AlertType type() {
      return AlertType.ORIGIN_HIJACK;
    }

    public String subject() {
      return Long.toString(originAsn);
    }

    public Severity severity() {
      return floor(type(), registered);
    }

    public String summary() {
      return announced + " originated by AS" + originAsn + ", expected " + expected(registered);
    }

    public Map<String, Object> details() {
      return Map.of();
    }
  }

  /** {@code subprefix_hijack}: Q more specific than P, origin not in {@code origin_asns}. */
  record SubprefixHijack(RegisteredPrefix registered, Prefix announced, long originAsn)
      implements RouteFinding {
    public AlertType type() {
      return AlertType.SUBPREFIX_HIJACK;
    }

    public String subject() {
      return Long.toString(originAsn);
    }

    public Severity severity() {
      return floor(type(), registered);
    }

    public String summary() {
      return announced
          + " (more specific of "
          + registered.prefix()
          + ") originated by AS"
          + originAsn
          + ", expected "
          + expected(registered);
    }

    public Map<String, Object> details() {
      return Map.of();
    }
  }

  /** {@code more_specific}: Q beyond {@code max_length}, origin legitimate. */
  record MoreSpecific(RegisteredPrefix registered, Prefix announced, long originAsn)
      implements RouteFinding {
    public AlertType type() {
      return AlertType.MORE_SPECIFIC;
    }

    public String subject() {
      return originAsn < 0 ? "" : Long.toString(originAsn);
    }

    public String summary() {
      return announced
          + " (more specific of "
          + registered.prefix()
          + ") announced by AS"
          + originAsn
          + " beyond max_length "
          + registered.maxLength();
    }

    public Map<String, Object> details() {
      return Map.of("max_length", registered.maxLength());
    }
  }

  /**
   * {@code path_hijack}: origin legitimate but its neighbour is not in {@code upstream_asns}. The
   * key's subject is the origin, as for every hijack; {@code details} names the neighbour.
   */
  record PathHijack(RegisteredPrefix registered, Prefix announced, long originAsn, long neighbour)
      implements RouteFinding {
    public AlertType type() {
      return AlertType.PATH_HIJACK;
    }

    public String subject() {
      return Long.toString(originAsn);
    }

    public Severity severity() {
      return floor(type(), registered);
    }

    public String summary() {
      return announced
          + " originated by AS"
          + originAsn
          + " via AS"
          + neighbour
          + ", expected upstream "
          + registered.upstreamAsns().stream().map(a -> "AS" + a).collect(Collectors.joining(" or "));
    }

    public Map<String, Object> details() {
      return Map.of("neighbour_asn", neighbour, "expected_upstreams", registered.upstreamAsns());
    }
  }

  /** {@code rpki_invalid}: RFC 6811 §2 Invalid; details list the covering VRPs. */
  record RpkiInvalid(RegisteredPrefix registered, Prefix announced, long originAsn, List<Vrp> vrps)
      implements RouteFinding {
    public RpkiInvalid {
      vrps = List.copyOf(vrps);
    }

    public AlertType type() {
      return AlertType.RPKI_INVALID;
    }

    public String subject() {
      return originAsn < 0 ? "" : Long.toString(originAsn);
    }

    public String summary() {
      return announced
          + (originAsn < 0 ? " with an AS_SET origin" : " originated by AS" + originAsn)
          + " is RPKI invalid (covering VRPs: "
          + vrps.stream().map(Vrp::toString).collect(Collectors.joining(", "))
          + ")";
    }

    public Map<String, Object> details() {
      List<Map<String, Object>> list =
          vrps.stream()
              .map(
                  v ->
                      Map.<String, Object>of(
                          "prefix", v.prefix().toString(), "max_length", v.maxLength(), "asn", v.asn()))
              .toList();
      return Map.of("vrps", list);
    }
  }

  /** The rule a route leak was found by (docs/alerts.md details). */
  enum LeakRule {
    OTC,
    ASPA,
    VALLEY_FREE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * {@code route_leak} (RFC 7908): {@code leaker} passed the route from {@code before} on to
   * {@code after} (the receiving network when the leaker leads the path; -1 = unknown) against the rule named.
   */
  record RouteLeak(
      RegisteredPrefix registered,
      Prefix announced,
      long originAsn,
      long leaker,
      long before,
      long after,
      LeakRule rule)
      implements RouteFinding {
    public AlertType type() {
      return AlertType.ROUTE_LEAK;
    }

    public String subject() {
      return Long.toString(leaker);
    }

    public String summary() {
      return announced
          + " leaked by AS"
          + leaker
          + " (learnt from "
          + (before < 0 ? "unknown AS" : "AS" + before)
          + ", sent to "
          + (after < 0 ? "this network" : "AS" + after)
          + "; rule "
          + rule.wireName()
          + ")";
    }

    public Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("rule", rule.wireName());
      d.put("leaker_asn", leaker);
      if (before >= 0) {
        d.put("before_asn", before);
      }
      if (after >= 0) {
        d.put("after_asn", after);
      }
      return java.util.Collections.unmodifiableMap(d);
    }
  }

  /** {@code as_path_anomaly}: AS_SET, bogon ASN, loop, or over-long path in the route for Q. */
  record AsPathAnomaly(
      RegisteredPrefix registered, Prefix announced, long originAsn, List<String> reasons)
      implements RouteFinding {
    public AsPathAnomaly {
      reasons = List.copyOf(reasons);
    }

    public AlertType type() {
      return AlertType.AS_PATH_ANOMALY;
    }

    public String subject() {
      return "";
    }

    public String summary() {
      return announced + " has an anomalous AS path: " + String.join(", ", reasons);
    }

    public Map<String, Object> details() {
      return Map.of("reasons", reasons);
    }
  }

  /**
   * {@code suboptimal_path}: the best legitimate path to P across peers is longer than allowed,
   * or does not traverse {@code via_asns}.
   */
  record SuboptimalPath(
      RegisteredPrefix registered, List<Long> bestPath, int length, int allowed, boolean viaMissing)
      implements Finding {
    public SuboptimalPath {
      bestPath = List.copyOf(bestPath);
    }

    public AlertType type() {
      return AlertType.SUBOPTIMAL_PATH;
    }

    public String prefix() {
      return registered.prefix().toString();
    }

    public String subject() {
      return "";
    }

    public String summary() {
      String path = bestPath.stream().map(String::valueOf).collect(Collectors.joining(" "));
      return viaMissing && length <= allowed
          ? "best path to " + registered.prefix() + " (" + path + ") does not traverse "
              + registered.viaAsns().stream().map(a -> "AS" + a).collect(Collectors.joining(" or "))
          : "best path to " + registered.prefix() + " is " + length + " AS hops (" + path
              + "), longer than " + allowed;
    }

    public Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("rule", viaMissing && length <= allowed ? "via_asns" : "max_path_length");
      d.put("best_path", bestPath);
      d.put("best_path_length", length);
      d.put("max_path_length", allowed);
      d.put("via_asns", registered.viaAsns());
      d.put("via_missing", viaMissing);
      return java.util.Collections.unmodifiableMap(d);
    }
  }

  /**
   * {@code suboptimal_path}, rule {@code ingress_location}: P's best legitimate path is received
   * only at established peers away from P's ingress locations, while a peer stands at one of them.
   * The key's subject is {@code ingress_location}, so this rule fires and resolves on its own.
   *
   * @param bestLocations where the best path is received (peers' locations, sorted)
   * @param lengthAtExpected the shortest legitimate path length received at an expected location,
   *     or -1 when P is not received there at all
   */
  record IngressLocation(
      RegisteredPrefix registered,
      List<Long> bestPath,
      int length,
      List<String> bestLocations,
      int lengthAtExpected)
      implements Finding {
    public static final String SUBJECT = "ingress_location";

    public IngressLocation {
      bestPath = List.copyOf(bestPath);
      bestLocations = List.copyOf(bestLocations);
    }

    public AlertType type() {
      return AlertType.SUBOPTIMAL_PATH;
    }

    public String prefix() {
      return registered.prefix().toString();
    }

    public String subject() {
      return SUBJECT;
    }

    public String summary() {
      return "best path to " + registered.prefix() + " (" + length + " AS hops) is received at "
          + (bestLocations.isEmpty() ? "peers without a location" : String.join(", ", bestLocations))
          + ", not at " + String.join(" or ", registered.expectedIngress())
          + (lengthAtExpected < 0 ? " (not received there)" : " (" + lengthAtExpected + " AS hops there)");
    }

    public Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("rule", SUBJECT);
      d.put("best_path", bestPath);
      d.put("best_path_length", length);
      d.put("best_path_locations", bestLocations);
      d.put("expected_locations", registered.expectedIngress());
      if (lengthAtExpected >= 0) {
        d.put("path_length_at_expected", lengthAtExpected);
      }
      return java.util.Collections.unmodifiableMap(d);
    }
  }

  /** One peer's route lacking required communities, and the communities it carries instead. */
  record CommunityLack(String peer, List<String> missing, List<String> carried) {
    public CommunityLack {
      missing = List.copyOf(missing);
      carried = List.copyOf(carried);
    }
  }

  /**
   * {@code community_missing}: routes for Q (P or a more specific) lack one of P's {@code
   * communities}; {@code lacks} lists each peer whose route does, with what it carries instead.
   */
  record CommunityMissing(RegisteredPrefix registered, Prefix announced, List<CommunityLack> lacks)
      implements RouteFinding {
    public CommunityMissing {
      lacks = List.copyOf(lacks);
    }

    public AlertType type() {
      return AlertType.COMMUNITY_MISSING;
    }

    public String subject() {
      return "";
    }

    @Override
    public Finding combine(List<Finding> all) {
      Map<String, CommunityLack> byPeer = new java.util.TreeMap<>();
      for (Finding f : all) {
        if (f instanceof CommunityMissing c) {
          for (CommunityLack l : c.lacks) {
            byPeer.merge(
                l.peer(),
                l,
                (a, b) -> new CommunityLack(a.peer(), union(a.missing(), b.missing()), union(a.carried(), b.carried())));
          }
        }
      }
      return new CommunityMissing(registered, announced, List.copyOf(byPeer.values()));
    }

    private static List<String> union(List<String> a, List<String> b) {
      java.util.Set<String> s = new java.util.LinkedHashSet<>(a);
      s.addAll(b);
      return List.copyOf(s);
    }

    public String summary() {
      java.util.Set<String> missing = new java.util.TreeSet<>();
      lacks.forEach(l -> missing.addAll(l.missing()));
      return announced
          + (announced.equals(registered.prefix()) ? "" : " (more specific of " + registered.prefix() + ")")
          + " received without community " + String.join(", ", missing) + " from "
          + lacks.stream().map(CommunityLack::peer).collect(Collectors.joining(", "));
    }

    public Map<String, Object> details() {
      List<Map<String, Object>> peers =
          lacks.stream()
              .map(l -> Map.<String, Object>of("peer", l.peer(), "missing", l.missing(), "carried", l.carried()))
              .toList();
      return Map.of(
          "required", registered.communities().stream().map(Object::toString).toList(), "peers", peers);
    }
  }

  /**
   * {@code visibility_loss}: fewer than the required established peers carry P or a covering
   * legitimate route; critical when none does.
   */
  record VisibilityLoss(
      RegisteredPrefix registered, List<PeerId> with, List<PeerId> without, int required)
      implements Finding {
    public VisibilityLoss {
      with = List.copyOf(with);
      without = List.copyOf(without);
    }

    public AlertType type() {
      return AlertType.VISIBILITY_LOSS;
    }

    public String prefix() {
      return registered.prefix().toString();
    }

    public String subject() {
      return "";
    }

    public Severity severity() {
      return with.isEmpty() ? Severity.CRITICAL : Severity.WARNING;
    }

    public String summary() {
      return registered.prefix()
          + " visible from "
          + with.size()
          + " of "
          + (with.size() + without.size())
          + " established peers (at least "
          + required
          + " expected)";
    }

    public Map<String, Object> details() {
      return Map.of(
          "peers_with", with.stream().map(PeerId::name).toList(),
          "peers_without", without.stream().map(PeerId::name).toList(),
          "required", required);
    }
  }

  /** {@code peer_down}: a session left Established. */
  record PeerDown(PeerId peer, String reason) implements Finding {
    public AlertType type() {
      return AlertType.PEER_DOWN;
    }

    public RegisteredPrefix registered() {
      return null;
    }

    public String prefix() {
      return "";
    }

    public String subject() {
      return peer.name();
    }

    public String summary() {
      return "peer "
          + peer.name()
          + " ("
          + peer.address()
          + ", AS"
          + peer.asn()
          + ") left Established"
          + (reason == null || reason.isEmpty() ? "" : ": " + reason);
    }

    public Map<String, Object> details() {
      return Map.of("reason", reason == null ? "" : reason);
    }
  }

  /**
   * {@code latency_degraded}: the RTT rule holds for a registered prefix's probe targets; the
   * evidence (medians, failing targets, the best-path change of the same window) is the condition.
   */
  record LatencyDegraded(LatencyCondition condition) implements Finding {
    public AlertType type() {
      return AlertType.LATENCY_DEGRADED;
    }

    public RegisteredPrefix registered() {
      return condition.registered();
    }

    public String prefix() {
      return condition.registered().prefix().toString();
    }

    public String subject() {
      return "";
    }

    public String summary() {
      return condition.summary();
    }

    public Map<String, Object> details() {
      return condition.details();
    }
  }
}
