package org.bgpsentry.analytics.detect;

import java.util.List;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.asrel.AsRelationships.Relation;
import org.bgpsentry.analytics.detect.Finding.LeakRule;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.analytics.rpki.AspaSet;

/**
 * route_leak (RFC 7908 types 1-4) by three independent methods, each naming the leaking AS, the
 * AS it learnt the route from and the AS it sent it to (the receiving network, {@link
 * RouteContext#receivingAsn}, when the leaker is the first AS of the path): RFC 9234 §5 OTC ingress rules (needs the
 * peer's configured role), ASPA path verification (draft-ietf-sidrops-aspa-verification §6, when
 * ASPA records are loaded), and the valley-free rule over CAIDA AS relationships (prepends
 * collapsed; links missing from the data are skipped).
 */
final class RouteLeakDetector implements Detector {
  private final AspaSet aspas;
  private final AsRelationships relationships;

  RouteLeakDetector(AspaSet aspas, AsRelationships relationships) {
    this.aspas = aspas;
    this.relationships = relationships;
  }

  @Override
  public void inspect(RouteContext r, List<Finding> out) {
    long[] path = r.path().collapsed();
    otc(r, path, out);
    if (!aspas.isEmpty()) {
      aspa(r, path, out);
    }
    if (relationships.size() > 0) {
      valleyFree(r, path, out);
    }
  }

  /** RFC 9234 §5 ingress: OTC from a customer or RS-client, or from a peer with a foreign OTC. */
  private static void otc(RouteContext r, long[] path, List<Finding> out) {
    long otc = r.attributes().otc();
    if (otc < 0 || r.role() == null) {
      return;
    }
    boolean leak =
        switch (r.role()) {
          case CUSTOMER, RS_CLIENT -> true;
          case PEER -> otc != r.peer().asn();
          case PROVIDER, RS -> false;
        };
    if (leak) {
      long before = path.length > 1 ? path[1] : -1;
      out.add(
          new Finding.RouteLeak(
              r.registered(), r.prefix(), r.origin(), r.peer().asn(), before, r.receivingAsn(), LeakRule.OTC));
    }
  }

  /** Upstream verification for routes from customers, peers and route servers; else downstream. */
  private void aspa(RouteContext r, long[] path, List<Finding> out) {
    PeerRole role = r.role();
    boolean upstream = role != null && role != PeerRole.PROVIDER;
    AspaSet.Verdict v =
        upstream
            ? aspas.verifyUpstream(path, r.path().hasAsSet())
            : aspas.verifyDownstream(path, r.path().hasAsSet());
    if (v.outcome() == AspaSet.Outcome.INVALID && v.leaker() >= 0) {
      long after = v.after() >= 0 || path.length == 0 || v.leaker() != path[0] ? v.after() : r.receivingAsn();
      out.add(
          new Finding.RouteLeak(
              r.registered(), r.prefix(), r.origin(), v.leaker(), v.before(), after, LeakRule.ASPA));
    }
  }

  /**
   * Valley-free (Gao-Rexford): from the origin, zero or more customer-to-provider links, at most
   * one peer link, then only provider-to-customer links. The first AS that sends a route learnt
   * from a peer or provider on to a peer or provider is the leaker. A route from a peer with role
   * customer/peer/rs/rs-client must arrive still climbing.
   */
  private void valleyFree(RouteContext r, long[] path, List<Finding> out) {
    boolean climbing = true;
    for (int i = path.length - 1; i > 0; i--) {
      long from = path[i];
      long to = path[i - 1];
      Relation rel = relationships.relation(from, to);
      switch (rel) {
        case PROVIDER, PEER -> {
          if (!climbing) {
            long before = i + 1 < path.length ? path[i + 1] : -1;
            out.add(
                new Finding.RouteLeak(
                    r.registered(), r.prefix(), r.origin(), from, before, to, LeakRule.VALLEY_FREE));
            return;
          }
          climbing = rel == Relation.PROVIDER;
        }
        case CUSTOMER -> climbing = false;
        case UNKNOWN -> {}
      }
    }
    PeerRole role = r.role();
    if (!climbing && role != null && role != PeerRole.PROVIDER && path.length > 0) {
      long before = path.length > 1 ? path[1] : -1;
      out.add(
          new Finding.RouteLeak(
              r.registered(), r.prefix(), r.origin(), path[0], before, r.receivingAsn(), LeakRule.VALLEY_FREE));
    }
  }
}
