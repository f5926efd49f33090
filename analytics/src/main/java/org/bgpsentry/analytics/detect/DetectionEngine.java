package org.bgpsentry.analytics.detect;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertLifecycle;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.PeerLocations;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.latency.LatencyCondition;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.PrefixTrie;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.VrpSources;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The detection engine (docs/contributing.md R14): consumes {@link RouteEvent}s and {@link PeerEvent}s from
 * the live sessions or MRT replay alike, runs the route {@link Detector}s on routes under
 * registered prefixes, keeps per alert key the routes (peer, path id) showing the condition, runs
 * the {@link PrefixDetector}s (suboptimal_path, its ingress_location rule, visibility_loss) on a
 * registered prefix whenever its routes or the peers that judge it change, and lets {@link
 * AlertLifecycle} turn that into alerts. It keeps its own copy only of routes that matter to the
 * registry (a registered prefix, a more specific of one, or a covering route), so full tables
 * pass through at the cost of one trie lookup per change.
 *
 * <p>Time comes from the events; {@link #tick()} reads the injected {@link Clock} for deadlines
 * between events. Not thread-safe: one thread (the daemon's analytics executor, or replay) calls it.
 */
public final class DetectionEngine {
  private DetectionSettings settings;
  private final AlertLifecycle lifecycle;
  private final Clock clock;
  private PrefixRegistry registry;
  private VrpSources vrps = VrpSources.NONE;
  private AspaSet aspas = AspaSet.EMPTY;
  private AsRelationships relationships = AsRelationships.EMPTY;
  private Map<String, PeerRole> roles = Map.of();
  private PeerLocations locations = PeerLocations.NONE;
  private List<Detector> detectors;
  private static final List<PrefixDetector> PREFIX_DETECTORS =
      List.of(new SuboptimalPathDetector(), new IngressLocationDetector(), new VisibilityDetector());

  private final PrefixTrie<Map<PathKey, StoredRoute>> routes = new PrefixTrie<>();
  private final Map<String, KeyState> keyStates = new HashMap<>();
  private final Set<PeerId> established = new LinkedHashSet<>();
  /** Per peer, the AS that receives its routes, as its Established told (absent: unknown). */
  private final Map<PeerId, Long> receivingAsns = new HashMap<>();

  /**
   * Peers a reload removed whose session or view the source has yet to tear down: the Down that the
   * tear-down reports is the operator's doing, not a {@code peer_down} (one Down is absorbed per
   * removal; an Established of the same peer, added again, ends it).
   */
  private final Set<PeerId> removed = new HashSet<>();
  private final Set<Prefix> seen = new HashSet<>();

  /** Per registered prefix, the keys of prefix-wide conditions the lifecycle may track. */
  private final Map<Prefix, Set<String>> prefixShown = new HashMap<>();

  private final Map<Prefix, List<Long>> bestPaths = new HashMap<>();
  private BestPathListener bestPathListener = (p, oldPath, newPath, at) -> {};
  private Consumer<Prefix> prefixListener = p -> {};
  private Set<String> latencyKeys = Set.of();
  private Instant now = Instant.EPOCH;

  /** One route of one peer: ADD-PATH routes of a peer are told apart by path id. */
  private record PathKey(PeerId peer, long pathId) {}

  private static final class StoredRoute {
    final Prefix prefix;
    final PathAttributes attributes;
    final PathView path;
    final Instant since;
    List<Finding> findings = List.of();

    StoredRoute(Prefix prefix, PathAttributes attributes, PathView path, Instant since) {
      this.prefix = prefix;
      this.attributes = attributes;
      this.path = path;
      this.since = since;
    }
  }

  private record Evidence(Finding finding, List<Long> asPath, Instant since) {}

  /** The routes showing one route-level condition. */
  private static final class KeyState {
    Finding finding;
    final Map<PathKey, Evidence> contributors = new HashMap<>(4);
  }

  public DetectionEngine(
      DetectionSettings settings, PrefixRegistry registry, AlertSink sink, Clock clock, Random random) {
    this.settings = settings;
    this.registry = registry;
    this.clock = clock;
    this.lifecycle = new AlertLifecycle(settings, sink, random);
    this.detectors = buildDetectors();
  }

  private List<Detector> buildDetectors() {
    List<Detector> d = new ArrayList<>(4);
    d.add(new HijackDetector());
    if (!vrps.isEmpty()) {
      d.add(new RpkiDetector(vrps, settings.staleAfter()));
    }
    d.add(new RouteLeakDetector(aspas, relationships));
    d.add(new AsPathAnomalyDetector());
    d.add(new CommunityDetector());
    return List.copyOf(d);
  }

  public PrefixRegistry registry() {
    return registry;
  }

  public DetectionSettings settings() {
    return settings;
  }

  /** Configured RFC 9234 roles by peer name (peers without a role are absent). */
  public void setPeerRoles(Map<String, PeerRole> roles) {
    this.roles = Map.copyOf(roles);
  }

  /**
   * Where peers stand (docs/configuration.md {@code location}), for the {@code ingress_location} rule;
   * every prefix with ingress locations is evaluated again.
   */
  public void setPeerLocations(PeerLocations locations) {
    this.locations = locations;
    for (RegisteredPrefix p : registry.entries()) {
      if (!p.expectedIngress().isEmpty()) {
        evaluatePrefix(p, false);
      }
    }
  }

  /**
   * Told, after each evaluation of a registered prefix's prefix-wide conditions, which prefix it
   * was: its {@link #visiblePeers}, {@link #bestPath} or {@link #ingressStatus} may have changed.
   */
  public void setPrefixListener(Consumer<Prefix> listener) {
    this.prefixListener = listener;
  }

  /** Told of every change of a registered prefix's best path (the latency correlation). */
  public void setBestPathListener(BestPathListener listener) {
    this.bestPathListener = listener;
  }

  /** Alerts currently firing. */
  public List<Alert> firing() {
    return lifecycle.firing();
  }

  /** The best path of a registered prefix (prepends collapsed), empty when none is known. */
  public List<Long> bestPath(Prefix registered) {
    return bestPaths.getOrDefault(registered, List.of());
  }

  /** Peers holding a route for exactly the registered prefix {@code registered}. */
  public Set<PeerId> visiblePeers(Prefix registered) {
    Map<PathKey, StoredRoute> m = routes.get(registered);
    if (m == null) {
      return Set.of();
    }
    Set<PeerId> out = new HashSet<>();
    m.keySet().forEach(k -> out.add(k.peer()));
    return out;
  }

  /** Ids of the alerts firing for a registered prefix, oldest first. */
  public List<String> openAlerts(Prefix registered) {
    return lifecycle.firingIds(registered.toString());
  }

  /** Where the best path of a registered prefix enters (the ingress_location rule's view). */
  public IngressStatus ingressStatus(Prefix registered) {
    RegisteredPrefix p = registry.get(registered);
    return p == null ? IngressStatus.NOT_CONFIGURED : IngressLocationDetector.status(context(p, false));
  }

  /** Peers currently counted as established. */
  public Set<PeerId> establishedPeers() {
    return Set.copyOf(established);
  }

  /** Takes back alerts persisted before a restart (docs/alerts.md). */
  public void restore(Collection<Alert> firing) {
    Instant at = clock.instant();
    advance(at);
    for (Alert a : firing) {
      if (!a.registeredPrefix().isEmpty()
          && (a.type() == AlertType.VISIBILITY_LOSS || a.type() == AlertType.SUBOPTIMAL_PATH
              || a.prefix().equals(a.registeredPrefix()))) {
        seen.add(Prefix.parse(a.registeredPrefix()));
      }
      if (a.type() == AlertType.VISIBILITY_LOSS || a.type() == AlertType.SUBOPTIMAL_PATH) {
        prefixShown.computeIfAbsent(Prefix.parse(a.registeredPrefix()), k -> new HashSet<>()).add(a.key());
      }
    }
    lifecycle.restore(firing, now);
  }

  /** Runs deadlines (resolve_after, repeats, restore holds) due by the clock's time. */
  public void tick() {
    advance(clock.instant());
  }

  /** Runs deadlines due by {@code at}; time never goes back. */
  public void advance(Instant at) {
    if (at.isAfter(now)) {
      now = at;
    }
    lifecycle.advance(now);
  }

  // ---------------------------------------------------------------- events

  /** A change in a peer's Adj-RIB-In. */
  public void onRoute(RouteEvent e) {
    advance(e.at());
    Prefix q = e.prefix();
    if (!isRelevant(q)) {
      return; // routes only ever holds relevant prefixes (reevaluateAll keeps it so)
    }
    Map<PathKey, StoredRoute> byPath = routes.get(q);
    PathKey pk = new PathKey(e.peer(), e.pathId());
    StoredRoute old = byPath == null ? null : byPath.get(pk);
    boolean present = e.kind() == EventKind.ANNOUNCE || e.kind() == EventKind.REPLACE;
    StoredRoute neu = null;
    if (present) {
      PathAttributes attrs = e.attributes();
      PathView path =
          old != null && old.attributes.equals(attrs) ? old.path : PathView.of(attrs.asPath());
      neu = new StoredRoute(q, attrs, path, old != null && old.attributes.equals(attrs) ? old.since : e.at());
      neu.findings = evaluate(e.peer(), q, neu, now);
      if (byPath == null) {
        byPath = new HashMap<>(4);
        routes.put(q, byPath);
      }
      byPath.put(pk, neu);
    } else if (old != null) {
      byPath.remove(pk);
      if (byPath.isEmpty()) {
        routes.remove(q);
      }
    }
    reconcile(pk, old == null ? List.of() : old.findings, neu, e.at());
    prefixLevel(q, old, neu, pk);
  }

  /** A session event: Established, Down (peer_down) or End-of-RIB. */
  public void onPeer(PeerEvent e) {
    advance(e.at());
    if (e instanceof PeerEvent.Established est) {
      if (est.receivingAsn() >= 0) {
        receivingAsns.put(est.peer(), est.receivingAsn());
      } else {
        receivingAsns.remove(est.peer());
      }
    }
    if (e.peer().isPublic() && !(e instanceof PeerEvent.EndOfRib)) {
      return; // a RIS peer's state is no peer_down and no visibility (docs/operators-guide.md "Public vantage points: RIS Live")
    }
    switch (e) {
      case PeerEvent.Established est -> {
        removed.remove(est.peer());
        established.add(est.peer());
        lifecycle.clear(new Finding.PeerDown(est.peer(), "").key(), now);
        reevaluatePrefixes(est.peer(), false);
      }
      case PeerEvent.Down down -> {
        established.remove(down.peer());
        if (removed.remove(down.peer())) {
          reevaluatePrefixes(down.peer(), true);
          return;
        }
        lifecycle.show(
            new Finding.PeerDown(down.peer(), down.reason()),
            List.of(down.peer()), List.of(), down.at(), now, 1);
        reevaluatePrefixes(down.peer(), true);
      }
      case PeerEvent.EndOfRib eor -> lifecycle.peerReady(eor.peer().name(), now);
    }
  }

  /**
   * A peer left the configuration (reload): it no longer counts for visibility, and its {@code
   * peer_down} alert no longer applies, so it resolves now (docs/alerts.md: "registry changed so
   * it no longer applies", the same for the peer list). The sources call it before they tear the
   * peer down, so the Down that follows raises no {@code peer_down}; its routes then go as
   * PEER_DOWN route events.
   */
  public void peerRemoved(PeerId peer, Instant at) {
    advance(at);
    if (established.remove(peer)) {
      removed.add(peer); // its tear-down's Down follows
    }
    receivingAsns.remove(peer);
    lifecycle.withdraw(new Finding.PeerDown(peer, "").key(), now);
    reevaluatePrefixes(peer, true);
  }

  /**
   * The {@code latency_degraded} conditions present now (from {@code LatencyMonitor.evaluate()}):
   * each one fires or stays firing, one not present any more clears. No peer shows them, so no
   * {@code min_peers} threshold applies.
   */
  public void onLatency(Collection<LatencyCondition> present) {
    advance(clock.instant());
    Set<String> keys = new HashSet<>();
    for (LatencyCondition c : present) {
      Finding f = new Finding.LatencyDegraded(c);
      keys.add(f.key());
      lifecycle.show(f, List.of(), List.of(), c.since(), now, 0);
    }
    for (String key : latencyKeys) {
      if (!keys.contains(key)) {
        lifecycle.clear(key, now);
      }
    }
    latencyKeys = Set.copyOf(keys);
  }

  /** A new registry (reload): alerts that no longer apply resolve, new ones fire. */
  public void updateRegistry(PrefixRegistry newRegistry) {
    this.registry = newRegistry;
    reevaluateAll();
  }

  /** New VRPs (file reload or RTR update): the sources validated as one union. */
  public void updateVrps(VrpSources newVrps) {
    this.vrps = newVrps;
    this.detectors = buildDetectors();
    reevaluateAll();
  }

  /** New ASPA records. */
  public void updateAspas(AspaSet newAspas) {
    this.aspas = newAspas;
    this.detectors = buildDetectors();
    reevaluateAll();
  }

  /**
   * New {@code detection} / {@code rpki.stale_after} settings (config reload), keeping every alert:
   * the lifecycle reschedules repeats and pending resolutions, and every condition is evaluated
   * again, so a lowered {@code min_peers} fires what enough peers already show and a changed
   * {@code max_path_length} fires or resolves suboptimal_path at once. Alerts already firing stay
   * firing (with their ids) while their condition holds, whatever the new {@code min_peers}.
   */
  public void updateSettings(DetectionSettings next) {
    this.settings = next;
    lifecycle.updateSettings(next);
    this.detectors = buildDetectors();
    reevaluateAll();
    lifecycle.advance(now);
  }

  /** New AS relationships data. */
  public void updateRelationships(AsRelationships newRelationships) {
    this.relationships = newRelationships;
    this.detectors = buildDetectors();
    reevaluateAll();
  }

  // ---------------------------------------------------------------- route-level conditions

  private boolean isRelevant(Prefix q) {
    return registry.overlaps(q);
  }

  private List<Finding> evaluate(PeerId peer, Prefix q, StoredRoute r, Instant at) {
    RegisteredPrefix reg = registry.longestMatch(q);
    if (reg == null) {
      return List.of();
    }
    RouteContext ctx = new RouteContext(
        peer, roles.get(peer.name()), q, r.attributes, r.path, reg, at, receivingAsns.getOrDefault(peer, -1L));
    List<Finding> out = new ArrayList<>(2);
    for (Detector d : detectors) {
      d.inspect(ctx, out);
    }
    if (out.isEmpty()) {
      return List.of();
    }
    Map<String, Finding> byKey = new java.util.LinkedHashMap<>();
    out.forEach(f -> byKey.putIfAbsent(f.key(), f));
    return List.copyOf(byKey.values());
  }

  private void reconcile(PathKey pk, List<Finding> oldFindings, StoredRoute neu, Instant at) {
    List<Finding> newFindings = neu == null ? List.of() : neu.findings;
    if (oldFindings.isEmpty() && newFindings.isEmpty()) {
      return;
    }
    Set<String> newKeys = new HashSet<>();
    for (Finding f : newFindings) {
      String key = f.key();
      newKeys.add(key);
      KeyState ks = keyStates.computeIfAbsent(key, k -> new KeyState());
      ks.finding = f;
      Evidence prev = ks.contributors.get(pk);
      ks.contributors.put(pk, new Evidence(f, neu.path.asList(), prev == null ? neu.since : prev.since()));
      push(key, ks, pk);
    }
    for (Finding f : oldFindings) {
      String key = f.key();
      if (newKeys.contains(key)) {
        continue;
      }
      KeyState ks = keyStates.get(key);
      if (ks != null) {
        ks.contributors.remove(pk);
        push(key, ks, pk);
      }
    }
  }

  /** Hands the current state of a route-level condition to the lifecycle. */
  private void push(String key, KeyState ks, PathKey latest) {
    if (ks.contributors.isEmpty()) {
      keyStates.remove(key);
      lifecycle.clear(key, now);
      return;
    }
    List<PeerId> peers = new ArrayList<>(ks.contributors.size());
    List<Finding> findings = new ArrayList<>(ks.contributors.size());
    Instant first = null;
    for (Map.Entry<PathKey, Evidence> c : ks.contributors.entrySet()) {
      peers.add(c.getKey().peer());
      findings.add(c.getValue().finding());
      Instant s = c.getValue().since();
      first = first == null || s.isBefore(first) ? s : first;
    }
    Evidence ev = ks.contributors.get(latest);
    if (ev == null) {
      ev = ks.contributors.values().iterator().next();
    }
    lifecycle.show(ks.finding.combine(findings), peers, ev.asPath(), first, now, settings.minPeers());
  }

  private void reevaluateAll() {
    Map<String, KeyState> fresh = new HashMap<>();
    List<Prefix> irrelevant = new ArrayList<>();
    for (Prefix q : storedPrefixes()) {
      if (!isRelevant(q)) {
        irrelevant.add(q);
        continue;
      }
      for (Map.Entry<PathKey, StoredRoute> r : routes.get(q).entrySet()) {
        StoredRoute sr = r.getValue();
        sr.findings = evaluate(r.getKey().peer(), q, sr, now);
        for (Finding f : sr.findings) {
          KeyState old = keyStates.get(f.key());
          Evidence prev = old == null ? null : old.contributors.get(r.getKey());
          KeyState ks = fresh.computeIfAbsent(f.key(), k -> new KeyState());
          ks.finding = f;
          ks.contributors.put(
              r.getKey(), new Evidence(f, sr.path.asList(), prev == null ? sr.since : prev.since()));
        }
      }
    }
    irrelevant.forEach(routes::remove);
    for (String key : keyStates.keySet()) {
      if (!fresh.containsKey(key)) {
        lifecycle.withdraw(key, now);
      }
    }
    keyStates.clear();
    keyStates.putAll(fresh);
    for (Map.Entry<String, KeyState> e : fresh.entrySet()) {
      push(e.getKey(), e.getValue(), e.getValue().contributors.keySet().iterator().next());
    }
    for (String key : lifecycle.keys()) {
      String registered = key.split("\\|", -1)[1];
      if (!registered.isEmpty() && registry.get(Prefix.parse(registered)) == null) {
        lifecycle.withdraw(key, now);
      }
    }
    seen.removeIf(p -> registry.get(p) == null);
    bestPaths.keySet().removeIf(p -> registry.get(p) == null);
    prefixShown.keySet().removeIf(p -> registry.get(p) == null);
    for (RegisteredPrefix p : registry.entries()) {
      evaluatePrefix(p, false);
    }
  }

  private List<Prefix> storedPrefixes() {
    List<Prefix> out = new ArrayList<>();
    routes.forEachCovered(Prefix.ipv4(0, 0), m -> out.add(prefixOf(m)));
    routes.forEachCovered(Prefix.ipv6(0, 0, 0), m -> out.add(prefixOf(m)));
    return out;
  }

  private static Prefix prefixOf(Map<PathKey, StoredRoute> byPath) {
    return byPath.values().iterator().next().prefix;
  }

  // ---------------------------------------------------------------- prefix-level conditions

  private void prefixLevel(Prefix q, StoredRoute old, StoredRoute neu, PathKey pk) {
    boolean loss = neu == null;
    RegisteredPrefix exact = registry.get(q);
    if (exact != null) {
      evaluatePrefix(exact, loss);
    }
    if (registry.hasMoreSpecific(q)) {
      long peerAsn = pk.peer().asn();
      long oldOrigin = old == null ? -2 : old.path.origin(peerAsn);
      long newOrigin = neu == null ? -2 : neu.path.origin(peerAsn);
      for (RegisteredPrefix p : registry.moreSpecificThan(q)) {
        if (p.originAsns().contains(oldOrigin) || p.originAsns().contains(newOrigin)) {
          evaluatePrefix(p, loss || !p.originAsns().contains(newOrigin));
        }
      }
    }
  }

  /**
   * After {@code peer} came up or went away ({@code loss}): the prefixes whose conditions that can
   * change. With a loss every prefix seen may lose visibility; otherwise only prefixes with a
   * condition tracked can change, and those whose ingress locations include the peer's location.
   */
  private void reevaluatePrefixes(PeerId peer, boolean loss) {
    String location = locations.locationOf(peer);
    Set<Prefix> candidates = new LinkedHashSet<>();
    if (loss) {
      candidates.addAll(seen);
    }
    candidates.addAll(prefixShown.keySet());
    if (location != null) {
      for (RegisteredPrefix p : registry.entries()) {
        if (p.expectedIngress().contains(location)) {
          candidates.add(p.prefix());
        }
      }
    }
    for (Prefix p : candidates) {
      RegisteredPrefix r = registry.get(p);
      if (r != null) {
        evaluatePrefix(r, loss);
      }
    }
  }

  /**
   * Runs the prefix detectors on P: each condition found is shown to the lifecycle, each shown
   * before and gone now is cleared; {@code loss} when a route went away or a peer went down.
   */
  private void evaluatePrefix(RegisteredPrefix p, boolean loss) {
    Prefix prefix = p.prefix();
    PrefixContext ctx = context(p, loss);
    if (!seen.contains(prefix) && !ctx.carrying().isEmpty()) {
      seen.add(prefix);
      ctx = context(p, loss);
    }
    PrefixContext.BestPath best = ctx.best();
    noteBestPath(prefix, best == null ? List.of() : best.asList());
    List<PrefixCondition> found = new ArrayList<>(1);
    for (PrefixDetector d : PREFIX_DETECTORS) {
      d.inspect(ctx, found);
    }
    Set<String> before = prefixShown.getOrDefault(prefix, Set.of());
    if (found.isEmpty() && before.isEmpty()) {
      prefixListener.accept(prefix);
      return; // the common case: nothing found, nothing to clear
    }
    Set<String> shown = new HashSet<>();
    for (PrefixCondition c : found) {
      shown.add(c.finding().key());
      lifecycle.show(c.finding(), c.peers(), c.asPath(), now, now, 1);
    }
    for (String key : before) {
      if (!shown.contains(key)) {
        lifecycle.clear(key, now);
        if (lifecycle.isTracked(key)) {
          shown.add(key); // resolving later (resolve_after, damping): still to clear or keep
        }
      }
    }
    if (shown.isEmpty()) {
      prefixShown.remove(prefix);
    } else {
      prefixShown.put(prefix, shown);
    }
    prefixListener.accept(prefix);
  }

  private PrefixContext context(RegisteredPrefix p, boolean loss) {
    Prefix prefix = p.prefix();
    Map<PathKey, StoredRoute> m = routes.get(prefix);
    List<PrefixContext.Route> exact = new ArrayList<>(m == null ? 0 : m.size());
    if (m != null) {
      for (Map.Entry<PathKey, StoredRoute> r : m.entrySet()) {
        if (!r.getKey().peer().isPublic()) { // public vantage points judge no path (docs/operators-guide.md "Public vantage points: RIS Live")
          exact.add(new PrefixContext.Route(r.getKey().peer(), r.getValue().path));
        }
      }
    }
    return new PrefixContext(
        p, exact, () -> carrying(p), established, locations, settings, seen.contains(prefix), loss,
        prefixShown.containsKey(prefix), lifecycle::isTracked);
  }

  /** Peers carrying P, or a covering route whose origin is one of P's {@code origin_asns}. */
  private Set<PeerId> carrying(RegisteredPrefix p) {
    Prefix prefix = p.prefix();
    Set<PeerId> out = new HashSet<>();
    routes.forEachCovering(
        prefix,
        m -> {
          for (Map.Entry<PathKey, StoredRoute> r : m.entrySet()) {
            PeerId peer = r.getKey().peer();
            StoredRoute sr = r.getValue();
            if (peer.isPublic()) {
              continue; // RIS data absent or late must not raise visibility_loss (docs/operators-guide.md "Public vantage points: RIS Live")
            }
            if (sr.prefix.length() == prefix.length()
                || p.originAsns().contains(sr.path.origin(peer.asn()))) {
              out.add(peer);
            }
          }
        });
    return out;
  }

  /** Remembers P's best path (empty when none) and reports a change after the first one seen. */
  private void noteBestPath(Prefix p, List<Long> best) {
    List<Long> old = bestPaths.put(p, best);
    if (old != null && !old.equals(best)) {
      bestPathListener.onBestPathChange(p, old, best, now);
    }
  }
}
