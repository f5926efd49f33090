package org.bgpsentry.daemon.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.PeerRib;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.daemon.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest seam (docs/contributing.md §1): one peer's Adj-RIB-In (RFC 4271 §3.2) and everything that
 * changes it, whatever the source of its routes. A BGP session, a BMP monitored peer or Loc-RIB
 * view (RFC 7854, RFC 9069), a RIS Live peer: each is a transport that calls
 * {@link #up}, {@link #apply} per UPDATE, the stale marks and sweeps, and {@link #down}; this class
 * does the rest, the same way for all of them:
 *
 * <ul>
 *   <li>applies an UPDATE with its RFC 7606 outcome: treat-as-withdraw (§2), attribute discard
 *       (already done by the decoder), AFI/SAFI disable (its family's routes go), session reset
 *       (nothing applied, {@link IngestOutcome.SessionReset} returned); each issue goes to {@link
 *       IngestListener#onUpdateError} and a rate-limited log line;
 *   <li>enforces {@code max_prefixes} route by route (RFC 4486 §4) and reports a refusal as {@link
 *       IngestOutcome.PrefixLimitReached}, so that a session can Cease while a BMP view counts;
 *       warns at {@link #MAX_PREFIXES_WARNING_PERCENT}% of a limit;
 *   <li>keeps routes stale until End-of-RIB or a deadline, per family: graceful restart (RFC 4724
 *       §4.2), a BMP router's lost connection ({@link #staleUntilEndOfRib}); and between BoRR and
 *       EoRR of enhanced route refresh (RFC 7313 §4, {@link #beginRefresh}, {@link #endRefresh});
 *   <li>emits {@link org.bgpsentry.analytics.event.RouteEvent}s (through the {@link PeerRib}) and
 *       {@link PeerEvent}s (Established, Down, End-of-RIB) to its {@link IngestListener}.
 * </ul>
 *
 * <p>Threads: confined to the thread of the {@code loop} given to the constructor (the source's
 * event loop); every method, and every read of {@link #rib()}, must run there. No locks. The
 * deadlines are scheduled on that loop.
 */
public final class AdjRibIn {
  /** The percentage of a {@code max_prefixes} limit that logs a warning (again after < 80%). */
  public static final int MAX_PREFIXES_WARNING_PERCENT = 90;

  private static final Logger log = LoggerFactory.getLogger(AdjRibIn.class);

  private final PeerId peer;
  private final PeerRib rib;
  private final IngestListener listener;
  private final ScheduledExecutorService loop;
  private final Clock clock;
  private final RateLimitedLog updateErrors = new RateLimitedLog(log, 1_000);
  private final RateLimitedLog staleLog = new RateLimitedLog(log, 10_000);
  private final RateLimitedLog refreshLog = new RateLimitedLog(log, 10_000);
  private final PerRouteSet decoded = new PerRouteSet();

  /** Families whose routes are taken; routes of any other family are ignored. */
  private Set<Family> families = Set.of();

  /** {@code max_prefixes}: the limit per family, in configuration order. */
  private Map<Family, Long> limits = Map.of();

  /** Families of {@link #limits} warned about; cleared when the family falls below 80%. */
  private final Set<Family> limitWarned = new HashSet<>();

  /** Families whose routes stay stale until their End-of-RIB, or at the latest {@link #staleTimer}. */
  private final Set<Family> staleFamilies = new HashSet<>();

  private ScheduledFuture<?> staleTimer;

  /**
   * Families between a BoRR and its EoRR (RFC 7313 §4), each with the deadline that removes its
   * stale routes should the EoRR never come.
   */
  private final Map<Family, ScheduledFuture<?>> refreshing = new HashMap<>();

  /**
   * An empty Adj-RIB-In of {@code peer}; it takes no route until {@link #up}.
   *
   * @param interner the attribute sets shared by all Adj-RIBs-In
   * @param loop the thread every call runs on; deadlines are scheduled there
   */
  public AdjRibIn(
      PeerId peer,
      AttributeInterner interner,
      IngestListener listener,
      ScheduledExecutorService loop,
      Clock clock) {
    this.peer = peer;
    this.listener = listener;
    this.loop = loop;
    this.clock = clock;
    this.rib = new PeerRib(peer, interner, listener::wantsRoute, listener::onRouteEvent);
  }

  public PeerId peer() {
    return peer;
  }

  /** The routes, for reads (API, metrics) on the owning thread; change them only through here. */
  public PeerRib rib() {
    return rib;
  }

  /** The families {@link #up} accepted; empty while down. */
  public Set<Family> families() {
    return families;
  }

  /**
   * Sets {@code max_prefixes} (a family without an entry has no limit). A limit below what a
   * family holds already removes nothing: the first such family is returned, for the source to act
   * on (RFC 4486 §4: a session closes), else null.
   */
  public IngestOutcome.PrefixLimitReached maxPrefixes(Map<Family, Long> maxPrefixes) {
    limits = new LinkedHashMap<>(maxPrefixes);
    limitWarned.retainAll(limits.keySet());
    rib.limit(Afi.IPV4, Long.MAX_VALUE);
    rib.limit(Afi.IPV6, Long.MAX_VALUE);
    for (Map.Entry<Family, Long> e : limits.entrySet()) {
      rib.limit(e.getKey().afi(), e.getValue());
    }
    for (Map.Entry<Family, Long> e : limits.entrySet()) {
      int held = rib.size(e.getKey().afi());
      if (held > e.getValue()) {
        return new IngestOutcome.PrefixLimitReached(e.getKey(), held, e.getValue());
      }
    }
    warnMaxPrefixes();
    return null;
  }

  /**
   * The source is up (a session Established, a BMP Peer Up): routes of {@code families} are taken
   * from now on. Of the families still stale from before, those in {@code keepStale} stay stale
   * until their End-of-RIB or at the latest {@code staleLimit} from now (RFC 4724 §4.2: the peer
   * preserved their forwarding state); the others are swept now. Emits {@link
   * PeerEvent.Established} with {@code receivingAsn}, the AS that receives the peer's routes (-1:
   * unknown).
   */
  public void up(Set<Family> families, Set<Family> keepStale, Duration staleLimit, long receivingAsn) {
    Instant now = clock.instant();
    this.families = Set.copyOf(families);
    cancelStaleTimer();
    for (Family f : Set.copyOf(staleFamilies)) {
      if (!keepStale.contains(f) || !families.contains(f)) {
        staleFamilies.remove(f);
        rib.sweepStale(f.afi(), now);
      }
    }
    if (!staleFamilies.isEmpty()) {
      scheduleStaleTimer(staleLimit);
    }
    listener.onPeerEvent(new PeerEvent.Established(peer, now, receivingAsn));
  }

  /**
   * The source is down for good: emits {@link PeerEvent.Down} with {@code reason}, then removes
   * every route (each a PEER_DOWN route event); no route is taken until the next {@link #up}.
   */
  public void down(String reason) {
    down(reason, Set.of(), Duration.ZERO);
  }

  /**
   * The source is down, maybe for a moment: emits {@link PeerEvent.Down} with {@code reason}; the
   * routes of {@code keepStale} (of the families up to now) stay, marked stale, until their
   * End-of-RIB after the next {@link #up} or at the latest {@code staleFor} from now (RFC 4724
   * §4.2, graceful restart: {@code keepStale} are the families of the peer's capability, {@code
   * staleFor} its Restart Time); the routes of the other families go now (PEER_DOWN). A refresh
   * under way ends. No route is taken until the next {@link #up}.
   */
  public void down(String reason, Set<Family> keepStale, Duration staleFor) {
    Instant now = clock.instant();
    refreshing.values().forEach(t -> t.cancel(false));
    refreshing.clear();
    listener.onPeerEvent(new PeerEvent.Down(peer, reason, now));
    Set<Family> was = families;
    families = Set.of();
    if (!keepStale.isEmpty() && staleFor.isPositive()) {
      for (Family f : keepStale) {
        if (was.contains(f) && staleFamilies.add(f)) {
          rib.markStale(f.afi());
        }
      }
      for (Family f : was) {
        if (!staleFamilies.contains(f)) {
          flush(f, now);
        }
      }
      if (!staleFamilies.isEmpty()) {
        staleLog.info(
            "peer {}: down ({}), keeping {} routes stale for {} s",
            peer,
            reason,
            rib.size(),
            staleFor.toSeconds());
        cancelStaleTimer();
        scheduleStaleTimer(staleFor);
        return;
      }
    }
    cancelStaleTimer();
    staleFamilies.clear();
    rib.clear(now);
  }

  /**
   * Keeps the routes of {@code families} but marks them stale until the source sends them again:
   * each End-of-RIB (RFC 4724 §2) of such a family removes its routes not sent again; at the latest
   * {@code limit} from now all of them go (PEER_DOWN route events). For a BMP router whose
   * connection was lost, or a feed that re-sends its table. Families already waiting keep their
   * marks; the deadline is renewed.
   */
  public void staleUntilEndOfRib(Set<Family> stale, Duration limit) {
    for (Family f : stale) {
      if (staleFamilies.add(f)) {
        rib.markStale(f.afi());
      }
    }
    if (!staleFamilies.isEmpty()) {
      cancelStaleTimer();
      scheduleStaleTimer(limit);
    }
  }

  /**
   * Enhanced route refresh, BoRR (RFC 7313 §4): the family's routes are marked stale; each route
   * sent again clears its mark; {@link #endRefresh} (or {@code limit} from now, should the EoRR
   * never come) removes the rest. Ignored (false) while the family waits for its End-of-RIB (its
   * routes are stale already and End-of-RIB sweeps them; BIRD does the same).
   *
   * @return whether the refresh began
   */
  public boolean beginRefresh(Family family, Duration limit) {
    if (staleFamilies.contains(family)) {
      refreshLog.info("peer {}: BoRR for {} before End-of-RIB after a restart: ignored", peer, family);
      return false;
    }
    cancelRefreshTimer(family);
    int marked = rib.markStale(family.afi());
    refreshing.put(
        family,
        loop.schedule(() -> refreshTimerExpires(family, limit), limit.toNanos(), TimeUnit.NANOSECONDS));
    refreshLog.info("peer {}: BoRR for {}, {} routes marked stale until EoRR", peer, family, marked);
    return true;
  }

  /**
   * Enhanced route refresh, EoRR (RFC 7313 §4): removes the family's routes not sent again since
   * its BoRR (PEER_DOWN route events). Ignored (false) without a BoRR before it.
   *
   * @return whether a refresh ended
   */
  public boolean endRefresh(Family family) {
    if (!refreshing.containsKey(family)) {
      refreshLog.info("peer {}: EoRR for {} without a BoRR before it: ignored", peer, family);
      return false;
    }
    cancelRefreshTimer(family);
    int swept = rib.sweepStale(family.afi(), clock.instant());
    refreshLog.info("peer {}: EoRR for {}, {} routes not sent again removed", peer, family, swept);
    return true;
  }

  /**
   * Cancels the pending deadlines (stale routes, refreshes): the source is gone for good and its
   * routes are no one's concern any more. The routes stay as they are.
   */
  public void cancelDeadlines() {
    cancelStaleTimer();
    refreshing.values().forEach(t -> t.cancel(false));
    refreshing.clear();
  }

  /** {@link #apply(ReceivedUpdate)} for an UPDATE without its wire form (sets stored anew). */
  public IngestOutcome apply(UpdateResult result) {
    return apply(new ReceivedUpdate(result, null, null));
  }

  /**
   * Applies one UPDATE with its RFC 7606 outcome, in its order: withdrawals, then announcements;
   * an End-of-RIB (RFC 4724 §2) emits {@link PeerEvent.EndOfRib} and ends that family's stale
   * routes. Routes of families not {@link #up} are ignored. Call only while up.
   */
  public IngestOutcome apply(ReceivedUpdate received) {
    UpdateResult r = received.result();
    Instant now = clock.instant();
    for (DecodeIssue issue : r.issues()) {
      listener.onUpdateError(peer, r.action(), issue);
      updateErrors.warn("peer {}: UPDATE error, {}", peer, issue);
    }
    if (r.action() == ErrorAction.SESSION_RESET) {
      return new IngestOutcome.SessionReset(
          r.issues().stream()
              .filter(i -> i.action() == ErrorAction.SESSION_RESET)
              .findFirst()
              .orElseThrow());
    }
    Update u = r.update();
    // An End-of-RIB has no attribute on the wire (RFC 4724 §2); one whose attributes the RFC 7606
    // treatment removed only looks like it.
    Family eor = r.issues().isEmpty() ? u.endOfRibFamily() : null;
    if (eor != null) {
      endOfRib(eor, now);
      return IngestOutcome.APPLIED;
    }
    for (Family f : r.disabledFamilies()) {
      disable(f, now);
    }
    IngestOutcome outcome =
        r.action() == ErrorAction.NONE || r.action() == ErrorAction.ATTRIBUTE_DISCARD
            ? applyClean(u, received, now)
            : applyTreatAsWithdraw(r, now);
    warnMaxPrefixes();
    return outcome;
  }

  /**
   * Installs {@code nlri} of {@code family} with {@code attributes} (the per-route set: see {@link
   * #ribAttributes}), as a source that has no UPDATE would (RIS Live).
   */
  public IngestOutcome announce(Family family, List<Nlri> nlri, PathAttributes attributes) {
    IngestOutcome o =
        families.contains(family)
            ? install(nlri, attributes, family, clock.instant())
            : IngestOutcome.APPLIED;
    warnMaxPrefixes();
    return o;
  }

  /** Withdraws {@code nlri} of {@code family}, as a source that has no UPDATE would. */
  public void withdraw(Family family, List<Nlri> nlri) {
    withdraw(family, nlri, clock.instant());
  }

  /** RFC 7606 treat-as-withdraw for some routes: the outcome's own lists. */
  private IngestOutcome applyTreatAsWithdraw(UpdateResult r, Instant now) {
    Update u = r.update();
    r.routesToWithdraw().forEach((family, nlri) -> withdraw(family, nlri, now));
    for (Map.Entry<Family, List<Nlri>> e : r.routesToAnnounce().entrySet()) {
      Family family = e.getKey();
      if (families.contains(family)) {
        PathAttributes attrs = ribAttributes(u.attributes(), family, u.announced() == e.getValue());
        IngestOutcome o = install(e.getValue(), attrs, family, now);
        if (o != IngestOutcome.APPLIED) {
          return o;
        }
      }
    }
    return IngestOutcome.APPLIED;
  }

  /**
   * An UPDATE without errors (or with discarded attributes only): the fields and MP attributes as
   * they are, no intermediate maps; the routes get the sets cut from the wire when the decoder had
   * them (no issues), else the decoded sets.
   */
  private IngestOutcome applyClean(Update u, ReceivedUpdate received, Instant now) {
    // A clean UPDATE has at most one of each MP attribute (RFC 7606 §3(g): a repeat is a reset).
    withdraw(Family.IPV4_UNICAST, u.withdrawn(), now);
    PathAttribute.MpUnreachNlri unreach = u.attributes().find(PathAttribute.MpUnreachNlri.class);
    if (unreach != null) {
      withdraw(unreach.family(), unreach.withdrawn(), now);
    }
    if (!u.announced().isEmpty() && families.contains(Family.IPV4_UNICAST)) {
      byte[] stored = received.nlriAttributes();
      IngestOutcome o =
          stored != null
              ? install(u.announced(), stored, u.attributes(), Family.IPV4_UNICAST, true, now)
              : install(
                  u.announced(),
                  ribAttributes(u.attributes(), Family.IPV4_UNICAST, true),
                  Family.IPV4_UNICAST,
                  now);
      if (o != IngestOutcome.APPLIED) {
        return o;
      }
    }
    PathAttribute.MpReachNlri reach = u.attributes().find(PathAttribute.MpReachNlri.class);
    if (reach != null && !reach.nlri().isEmpty() && families.contains(reach.family())) {
      byte[] stored = received.mpAttributes();
      return stored != null
          ? install(reach.nlri(), stored, u.attributes(), reach.family(), false, now)
          : install(
              reach.nlri(),
              ribAttributes(u.attributes(), reach.family(), false),
              reach.family(),
              now);
    }
    return IngestOutcome.APPLIED;
  }

  /**
   * Installs {@code nlri} with {@code stored}, the per-route set the transport cut from the wire;
   * a route event (a prefix the listener wants) gets the records of {@code updateAttributes} (all
   * of the UPDATE's, decoded once) made per-route by {@link #ribAttributes}, computed at the first
   * such event, so no set is decoded twice and unwatched routes cost nothing more. The first route
   * the Adj-RIB-In refuses (beyond {@code max_prefixes}) ends the loop: the routes after it are
   * neither kept nor reported.
   */
  private IngestOutcome install(
      List<Nlri> nlri,
      byte[] stored,
      PathAttributes updateAttributes,
      Family family,
      boolean nlriField,
      Instant now) {
    decoded.of(updateAttributes, family, nlriField);
    for (Nlri n : nlri) {
      if (!rib.announce(n.prefix(), n.pathId(), stored, decoded, now)) {
        return refused(family);
      }
    }
    return IngestOutcome.APPLIED;
  }

  /**
   * Installs {@code nlri} with {@code attrs}, the per-route set (stored encoded from it): an UPDATE
   * with issues, or a source without wire bytes. The first route the Adj-RIB-In refuses ends the
   * loop.
   */
  private IngestOutcome install(List<Nlri> nlri, PathAttributes attrs, Family family, Instant now) {
    for (Nlri n : nlri) {
      if (!rib.announce(n.prefix(), n.pathId(), attrs, now)) {
        return refused(family);
      }
    }
    return IngestOutcome.APPLIED;
  }

  /**
   * The per-route set of the routes being installed, made from the UPDATE's decoded attributes
   * when the first route event asks for it ({@link #ribAttributes}); one instance, reset for each
   * {@link #install(List, byte[], PathAttributes, Family, boolean, Instant)}.
   */
  private static final class PerRouteSet implements Supplier<PathAttributes> {
    private PathAttributes updateAttributes;
    private Family family;
    private boolean nlriField;
    private PathAttributes made;

    void of(PathAttributes updateAttributes, Family family, boolean nlriField) {
      this.updateAttributes = updateAttributes;
      this.family = family;
      this.nlriField = nlriField;
      this.made = null;
    }

    @Override
    public PathAttributes get() {
      if (made == null) {
        made = ribAttributes(updateAttributes, family, nlriField);
      }
      return made;
    }
  }

  /** The Adj-RIB-In refused a route of {@code family}: one beyond its limit. */
  private IngestOutcome refused(Family family) {
    long limit = limits.getOrDefault(family, (long) rib.size(family.afi()));
    return new IngestOutcome.PrefixLimitReached(family, rib.size(family.afi()) + 1L, limit);
  }

  private void withdraw(Family family, List<Nlri> nlri, Instant now) {
    if (!nlri.isEmpty() && families.contains(family)) {
      for (Nlri n : nlri) {
        rib.withdraw(n.prefix(), n.pathId(), now);
      }
    }
  }

  /**
   * The attributes a route keeps: without MP_UNREACH_NLRI, and with MP_REACH_NLRI only for routes
   * of its family, stripped of the NLRI (the next hop stays: the API shows it).
   *
   * @param nlriField whether the routes are those of the UPDATE's NLRI field (RFC 4271 §4.3)
   */
  public static PathAttributes ribAttributes(
      PathAttributes attrs, Family family, boolean nlriField) {
    if (!hasMpAttribute(attrs)) {
      return attrs; // the common IPv4 UPDATE: nothing to take out, nothing allocated
    }
    List<PathAttribute> out = new ArrayList<>(attrs.size());
    byte[] flags = new byte[attrs.size()];
    List<PathAttribute> list = attrs.list();
    boolean changed = false;
    for (int i = 0; i < list.size(); i++) {
      PathAttribute a = list.get(i);
      if (a instanceof PathAttribute.MpUnreachNlri
          || (a instanceof PathAttribute.MpReachNlri r
              && (nlriField || !r.family().equals(family)))) {
        changed = true;
        continue;
      }
      if (a instanceof PathAttribute.MpReachNlri r) {
        a =
            new PathAttribute.MpReachNlri(
                r.family(), r.nextHops(), r.rawNextHop(), List.of(), OpaqueBytes.EMPTY);
        changed = true;
      }
      flags[out.size()] = (byte) attrs.flags(i);
      out.add(a);
    }
    if (!changed) {
      return attrs;
    }
    return new PathAttributes(out, Arrays.copyOf(flags, out.size()), attrs.asPath());
  }

  private static boolean hasMpAttribute(PathAttributes attrs) {
    for (PathAttribute a : attrs.list()) {
      if (a instanceof PathAttribute.MpReachNlri || a instanceof PathAttribute.MpUnreachNlri) {
        return true;
      }
    }
    return false;
  }

  /** RFC 4724 §2: the family's initial table is complete; its routes still stale go. */
  private void endOfRib(Family family, Instant now) {
    listener.onPeerEvent(new PeerEvent.EndOfRib(peer, family, now));
    if (staleFamilies.remove(family)) {
      int swept = rib.sweepStale(family.afi(), now);
      staleLog.info("peer {}: End-of-RIB for {}, {} stale routes removed", peer, family, swept);
      if (staleFamilies.isEmpty()) {
        cancelStaleTimer();
      }
    }
  }

  /**
   * RFC 7606 §2 "AFI/SAFI disable", done as RFC 4760 §7 says: the family's routes are withdrawn
   * and its later routes ignored until the source is {@link #up} again (a new session; for a BMP
   * view, a new Peer Up after its Peer Down).
   */
  private void disable(Family family, Instant now) {
    flush(family, now);
    if (families.contains(family)) {
      Set<Family> left = new HashSet<>(families);
      left.remove(family);
      families = Set.copyOf(left);
      log.warn(
          "peer {}: {} disabled until the session restarts (RFC 7606 AFI/SAFI disable)",
          peer,
          family);
    }
  }

  /** The family's routes go (each a PEER_DOWN route event). */
  private void flush(Family family, Instant now) {
    if (family.afi().equals(Afi.IPV4) || family.afi().equals(Afi.IPV6)) {
      rib.markStale(family.afi());
      rib.sweepStale(family.afi(), now);
    }
  }

  /**
   * A warning when a family reaches {@link #MAX_PREFIXES_WARNING_PERCENT}% of its {@code
   * max_prefixes}, again only after it fell below 80%.
   */
  private void warnMaxPrefixes() {
    for (Map.Entry<Family, Long> e : limits.entrySet()) {
      Family f = e.getKey();
      long limit = e.getValue();
      int n = rib.size(f.afi());
      if ((long) n * 100 >= limit * MAX_PREFIXES_WARNING_PERCENT && limitWarned.add(f)) {
        log.warn(
            "peer {}: {} {} routes, {}% of max_prefixes {}",
            peer,
            n,
            f,
            limit == 0 ? 100 : (long) n * 100 / limit,
            limit);
      } else if ((long) n * 100 < limit * 80) {
        limitWarned.remove(f);
      }
    }
  }

  private void scheduleStaleTimer(Duration after) {
    staleTimer = loop.schedule(this::staleTimerExpires, after.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void staleTimerExpires() {
    staleTimer = null;
    Instant now = clock.instant();
    for (Family f : Set.copyOf(staleFamilies)) {
      int swept = rib.sweepStale(f.afi(), now);
      staleLog.info("peer {}: stale time over, {} stale {} routes removed", peer, swept, f);
    }
    staleFamilies.clear();
  }

  private void cancelStaleTimer() {
    if (staleTimer != null) {
      staleTimer.cancel(false);
      staleTimer = null;
    }
  }

  private void refreshTimerExpires(Family family, Duration limit) {
    if (refreshing.remove(family) == null) {
      return;
    }
    int swept = rib.sweepStale(family.afi(), clock.instant());
    refreshLog.warn(
        "peer {}: no EoRR for {} within {} s of its BoRR, {} stale routes removed",
        peer,
        family,
        limit.toSeconds(),
        swept);
  }

  private void cancelRefreshTimer(Family family) {
    ScheduledFuture<?> t = refreshing.remove(family);
    if (t != null) {
      t.cancel(false);
    }
  }
}
