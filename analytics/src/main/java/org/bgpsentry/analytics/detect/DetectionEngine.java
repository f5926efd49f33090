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
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertLifecycle;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
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
 * the live sessions or MRT replay alike, runs the detectors on routes under registered prefixes,
 * keeps per alert key the routes (peer, path id) showing the condition, and lets {@link
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
  private List<Detector> detectors;

  private final PrefixTrie<Map<PathKey, StoredRoute>> routes = new PrefixTrie<>();
  private final Map<String, KeyState> keyStates = new HashMap<>();
  private final Set<PeerId> established = new LinkedHashSet<>();
  private final Set<Prefix> seen = new HashSet<>();

  /** Registered prefixes whose visibility_loss / suboptimal_path the lifecycle may track. */
  private final Set<Prefix> visibilityShown = new HashSet<>();

  private final Set<Prefix> suboptimalShown = new HashSet<>();
  private final Map<Prefix, List<Long>> bestPaths = new HashMap<>();
  private BestPathListener bestPathListener = (p, oldPath, newPath, at) -> {};
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

  private record Evidence(List<Long> asPath, Instant since) {}

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
      switch (a.type()) {
        case VISIBILITY_LOSS -> visibilityShown.add(Prefix.parse(a.registeredPrefix()));
        case SUBOPTIMAL_PATH -> suboptimalShown.add(Prefix.parse(a.registeredPrefix()));
        default -> {}
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
    if (e.peer().isPublic() && !(e instanceof PeerEvent.EndOfRib)) {
      return; // a RIS peer's state is no peer_down and no visibility (docs/operators-guide.md "Public vantage points: RIS Live")
    }
    switch (e) {
      case PeerEvent.Established est -> {
        established.add(est.peer());
        lifecycle.clear(new Finding.PeerDown(est.peer(), "").key(), now);
        reevaluateVisibility(false);
      }
      case PeerEvent.Down down -> {
        established.remove(down.peer());
        lifecycle.show(
            new Finding.PeerDown(down.peer(), down.reason()),
            List.of(down.peer()), List.of(), down.at(), now, 1);
        reevaluateVisibility(true);
      }
      case PeerEvent.EndOfRib eor -> lifecycle.peerReady(eor.peer().name(), now);
    }
  }

  /**
   * A peer left the configuration (reload): it no longer counts for visibility, and its {@code
   * peer_down} alert no longer applies, so it resolves now (docs/alerts.md: "registry changed so
   * it no longer applies", the same for the peer list). Its routes went before, as PEER_DOWN
   * route events.
   */
  public void peerRemoved(PeerId peer, Instant at) {
    advance(at);
    established.remove(peer);
    lifecycle.withdraw(new Finding.PeerDown(peer, "").key(), now);
    reevaluateVisibility(true);
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
    RouteContext ctx = new RouteContext(peer, roles.get(peer.name()), q, r.attributes, r.path, reg, at);
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
      ks.contributors.put(pk, new Evidence(neu.path.asList(), prev == null ? neu.since : prev.since()));
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
    Instant first = null;
    for (Map.Entry<PathKey, Evidence> c : ks.contributors.entrySet()) {
      peers.add(c.getKey().peer());
      Instant s = c.getValue().since();
      first = first == null || s.isBefore(first) ? s : first;
    }
    Evidence ev = ks.contributors.get(latest);
    if (ev == null) {
      ev = ks.contributors.values().iterator().next();
    }
    lifecycle.show(ks.finding, peers, ev.asPath(), first, now, settings.minPeers());
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
              r.getKey(), new Evidence(sr.path.asList(), prev == null ? sr.since : prev.since()));
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
    for (RegisteredPrefix p : registry.entries()) {
      suboptimal(p);
      visibility(p, false);
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
      suboptimal(exact);
      visibility(exact, loss);
    }
    if (registry.hasMoreSpecific(q)) {
      long peerAsn = pk.peer().asn();
      long oldOrigin = old == null ? -2 : old.path.origin(peerAsn);
      long newOrigin = neu == null ? -2 : neu.path.origin(peerAsn);
      for (RegisteredPrefix p : registry.moreSpecificThan(q)) {
        if (p.originAsns().contains(oldOrigin) || p.originAsns().contains(newOrigin)) {
          visibility(p, loss || !p.originAsns().contains(newOrigin));
        }
      }
    }
  }

  private void reevaluateVisibility(boolean loss) {
    // Without a loss, visibility() acts only on a prefix seen and shown (it returns at once for
    // the others): pick those here, in the order of seen, instead of a registry lookup per
    // registered prefix for every peer that comes up.
    if (!loss && visibilityShown.isEmpty()) {
      return;
    }
    List<Prefix> candidates = new ArrayList<>(loss ? seen.size() : visibilityShown.size());
    for (Prefix p : seen) {
      if (loss || visibilityShown.contains(p)) {
        candidates.add(p);
      }
    }
    for (Prefix p : candidates) {
      RegisteredPrefix r = registry.get(p);
      if (r != null) {
        visibility(r, loss);
      }
    }
  }

  /**
   * visibility_loss for P (docs/alerts.md), relative to the established peers; {@code loss} when a
   * route went away or a peer went down (only then can it fire; any change can resolve it).
   */
  private void visibility(RegisteredPrefix p, boolean loss) {
    Prefix prefix = p.prefix();
    if (p.originAsns().isEmpty()
        || (!loss && seen.contains(prefix) && !visibilityShown.contains(prefix))) {
      return; // nothing can fire without a loss, and nothing is open to update or resolve
    }
    String key = Alert.key(AlertType.VISIBILITY_LOSS, prefix.toString(), prefix.toString(), "");
    Set<PeerId> carrying = new HashSet<>();
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
              carrying.add(peer);
            }
          }
        });
    if (!carrying.isEmpty()) {
      seen.add(prefix);
    }
    int required = Math.min(settings.minPeers(), established.size());
    List<PeerId> with = new ArrayList<>();
    List<PeerId> without = new ArrayList<>();
    for (PeerId peer : established) {
      (carrying.contains(peer) ? with : without).add(peer);
    }
    if (seen.contains(prefix) && required > 0 && with.size() < required) {
      if (!loss && !lifecycle.isTracked(key)) {
        return; // docs/alerts.md: only a withdrawal (or a peer going down) makes a loss
      }
      lifecycle.show(new Finding.VisibilityLoss(p, with, without, required), without, List.of(), now, now, 1);
      visibilityShown.add(prefix);
    } else {
      lifecycle.clear(key, now);
      if (!lifecycle.isTracked(key)) {
        visibilityShown.remove(prefix);
      }
    }
  }

  /** suboptimal_path for P: the best legitimate path across peers (docs/alerts.md). */
  private void suboptimal(RegisteredPrefix p) {
    Map<PathKey, StoredRoute> m = routes.get(p.prefix());
    int allowed = p.maxPathLength() > 0 ? p.maxPathLength() : settings.maxPathLength();
    int bestLen = Integer.MAX_VALUE;
    boolean bestVia = false;
    long[] best = null;
    List<PeerId> peers = new ArrayList<>();
    if (m != null) {
      for (Map.Entry<PathKey, StoredRoute> r : m.entrySet()) {
        PathView path = r.getValue().path;
        if (r.getKey().peer().isPublic() || !p.originAsns().contains(path.origin(r.getKey().peer().asn()))) {
          continue;
        }
        int len = path.collapsed().length;
        boolean via = p.viaAsns().isEmpty() || p.viaAsns().stream().anyMatch(path::traverses);
        if (len < bestLen || (len == bestLen && via && !bestVia)) {
          bestLen = len;
          bestVia = via;
          best = path.collapsed();
          peers.clear();
        }
        if (len == bestLen && via == bestVia) {
          peers.add(r.getKey().peer());
        }
      }
    }
    List<Long> bestPath = best == null ? List.of() : java.util.Arrays.stream(best).boxed().toList();
    noteBestPath(p.prefix(), bestPath);
    if (bestLen != Integer.MAX_VALUE && (bestLen > allowed || !bestVia)) {
      lifecycle.show(
          new Finding.SuboptimalPath(p, bestPath, bestLen, allowed, !bestVia), peers, bestPath, now, now, 1);
      suboptimalShown.add(p.prefix());
    } else if (suboptimalShown.contains(p.prefix())) {
      String key = Alert.key(AlertType.SUBOPTIMAL_PATH, p.prefix().toString(), p.prefix().toString(), "");
      lifecycle.clear(key, now);
      if (!lifecycle.isTracked(key)) {
        suboptimalShown.remove(p.prefix());
      }
    }
  }

  /** Remembers P's best path (empty when none) and reports a change after the first one seen. */
  private void noteBestPath(Prefix p, List<Long> best) {
    List<Long> old = bestPaths.put(p, best);
    if (old != null && !old.equals(best)) {
      bestPathListener.onBestPathChange(p, old, best, now);
    }
  }
}
