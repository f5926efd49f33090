package org.bgpsentry.analytics.rib;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.attr.StoredAttributes;

/**
 * One peer's Adj-RIB-In (RFC 4271 §3.2) for IPv4 and IPv6 unicast, ADD-PATH aware (RFC 7911: the
 * path id is part of the key), fed in UPDATE order. Every change of a prefix the {@code interest}
 * filter accepts is handed to the event consumer as a {@link RouteEvent} carrying the route it
 * replaced or removed, so analytics never needs to read the RIB back; changes of other prefixes
 * cost no event and no attribute decoding.
 *
 * <p>Memory (docs/contributing.md §4): routes live in two {@link PrefixMap}s of primitive arrays; attributes
 * are {@code int} ids into the {@link AttributeInterner} shared by all peers, which keeps each
 * distinct set once in its {@link StoredAttributes} form. A route costs about 25-40 bytes here
 * plus its share of the interned sets.
 *
 * <p>Not thread-safe: the owning session's event loop calls every method, including the lookups
 * that the HTTP API submits to that loop. Attributes must be the per-route set (MP_UNREACH_NLRI
 * left out, MP_REACH_NLRI without NLRI or left out, see {@link PathAttributes#withoutMpNlri()}).
 */
public final class PeerRib {
  private final PeerId peer;
  private final AttributeInterner interner;
  private final Predicate<Prefix> interest;
  private final Consumer<RouteEvent> events;
  private final PrefixMap ipv4 = new PrefixMap(false);
  private final PrefixMap ipv6 = new PrefixMap(true);

  /** Routes each family may hold ({@link #limit}); no limit by default. */
  private long ipv4Limit = Long.MAX_VALUE;

  private long ipv6Limit = Long.MAX_VALUE;

  /** The decoded set of the previous announce and its stored form (encoded once per instance). */
  private PathAttributes lastAttributes;

  private byte[] lastAttributesStored;

  /** The stored set of the previous announce, to skip the interner's lookup for the next NLRI. */
  private byte[] lastStored;

  /** The interned array equal to {@link #lastStored}, named {@link #lastId}. */
  private byte[] lastInterned;

  private int lastId = -1;

  /** A RIB that hands every change to {@code events}. */
  public PeerRib(PeerId peer, AttributeInterner interner, Consumer<RouteEvent> events) {
    this(peer, interner, prefix -> true, events);
  }

  /** A RIB that hands {@code events} the changes of the prefixes {@code interest} accepts. */
  public PeerRib(
      PeerId peer,
      AttributeInterner interner,
      Predicate<Prefix> interest,
      Consumer<RouteEvent> events) {
    this.peer = peer;
    this.interner = interner;
    this.interest = interest;
    this.events = events;
  }

  public PeerId peer() {
    return peer;
  }

  /**
   * The most routes (paths, with ADD-PATH) {@code afi} may hold: an announce that would add one
   * more is refused ({@link #announce} returns false). A limit below the routes already held
   * removes none; the caller compares {@link #size(Afi)} itself (RFC 4486 §4: the session
   * closes). {@code Long.MAX_VALUE} = no limit.
   */
  public void limit(Afi afi, long max) {
    if (max < 0) {
      throw new IllegalArgumentException("route limit " + max + " (expected: >= 0)");
    }
    if (map(afi) == ipv4) {
      ipv4Limit = max;
    } else {
      ipv6Limit = max;
    }
  }

  /**
   * Installs a route: ANNOUNCE when (prefix, pathId) is new, REPLACE with the previous attributes
   * when it implicitly replaces one (RFC 4271 §3.1), nothing but a fresh receive time (and the
   * stale mark cleared) when the attributes are unchanged.
   *
   * @return false, installing nothing and reporting nothing, when the route is new and its family
   *     already holds its {@link #limit}
   */
  public boolean announce(Prefix prefix, long pathId, PathAttributes attributes, Instant at) {
    if (attributes != lastAttributes) {
      lastAttributesStored = StoredAttributes.encode(attributes);
      lastAttributes = attributes;
    }
    return install(prefix, pathId, lastAttributesStored, attributes, null, at);
  }

  /**
   * {@link #announce(Prefix, long, PathAttributes, Instant)} with the set in its {@link
   * StoredAttributes} form, as a session cuts it from the UPDATE (the RIB may keep the array: the
   * caller must not change it). The routes of one UPDATE should share one array: the next NLRI then
   * skips the interner's lookup.
   *
   * @return false, installing nothing and reporting nothing, when the route is new and its family
   *     already holds its {@link #limit}
   */
  public boolean announce(Prefix prefix, long pathId, byte[] stored, Instant at) {
    return install(prefix, pathId, stored, null, null, at);
  }

  /**
   * {@link #announce(Prefix, long, byte[], Instant)} with {@code decoded}, which gives the set that
   * {@code stored} holds as the caller decoded it from the same UPDATE: asked only when the change
   * becomes a route event (a prefix of interest), whose attributes it then is, so the set is not
   * decoded a second time.
   */
  public boolean announce(
      Prefix prefix, long pathId, byte[] stored, Supplier<PathAttributes> decoded, Instant at) {
    return install(prefix, pathId, stored, null, decoded, at);
  }

  private boolean install(
      Prefix prefix,
      long pathId,
      byte[] stored,
      PathAttributes decoded,
      Supplier<PathAttributes> lazy,
      Instant at) {
    PrefixMap map = map(prefix);
    int slot = map.find(prefix, pathId);
    if (slot < 0 && map.size() >= (map == ipv4 ? ipv4Limit : ipv6Limit)) {
      return false; // the one compare per new route that max_prefixes costs
    }
    int id = stored == lastStored ? interner.retain(lastId, lastInterned) : interner.intern(stored);
    if (stored != lastStored || id != lastId) {
      lastStored = stored;
      lastInterned = interner.stored(id);
      lastId = id;
    }
    int time = seconds(at);
    if (slot < 0) {
      map.insert(slot, prefix, pathId, id, time);
      if (interest.test(prefix)) {
        events.accept(event(prefix, pathId, decoded(id, decoded, lazy), null, EventKind.ANNOUNCE, at));
      }
      return true;
    }
    int old = map.id(slot) & ~PrefixMap.STALE;
    map.set(slot, id, time);
    if (old == id) {
      interner.release(id);
      return true;
    }
    PathAttributes previous = interest.test(prefix) ? interner.get(old) : null;
    interner.release(old);
    if (previous != null) {
      events.accept(
          event(prefix, pathId, decoded(id, decoded, lazy), previous, EventKind.REPLACE, at));
    }
    return true;
  }

  /** The decoded set {@code id}: {@code known} or {@code lazy}'s when the caller has it, else decoded now. */
  private PathAttributes decoded(int id, PathAttributes known, Supplier<PathAttributes> lazy) {
    return known != null ? known : lazy != null ? lazy.get() : interner.get(id);
  }

  /**
   * Removes a route (explicit withdrawal or RFC 7606 treat-as-withdraw): WITHDRAW with the removed
   * attributes. A withdrawal of a route the peer never announced changes nothing (RFC 4271 §9).
   *
   * @return whether a route was removed
   */
  public boolean withdraw(Prefix prefix, long pathId, Instant at) {
    PrefixMap map = map(prefix);
    int slot = map.find(prefix, pathId);
    if (slot < 0) {
      return false;
    }
    int id = map.id(slot) & ~PrefixMap.STALE;
    map.removeAt(slot);
    removed(prefix, pathId, id, EventKind.WITHDRAW, at);
    return true;
  }

  /** The session left Established: every route goes, each as a PEER_DOWN event. */
  public void clear(Instant at) {
    flush(ipv4, at);
    flush(ipv6, at);
    lastAttributes = null;
    lastAttributesStored = null;
    lastStored = null;
    lastInterned = null;
    lastId = -1;
  }

  /**
   * Graceful restart (RFC 4724 §4.2): the peer restarted; keeps its routes of {@code afi} but marks
   * them stale until re-announced.
   *
   * @return routes marked
   */
  public int markStale(Afi afi) {
    PrefixMap map = map(afi);
    int marked = 0;
    for (int s = 0; s < map.capacity(); s++) {
      if (map.occupied(s)) {
        map.setId(s, map.id(s) | PrefixMap.STALE);
        marked++;
      }
    }
    return marked;
  }

  /**
   * Graceful restart End-of-RIB or restart timer expiry (RFC 4724 §4.2): removes the routes of
   * {@code afi} still stale, each as a PEER_DOWN event.
   *
   * @return routes removed
   */
  public int sweepStale(Afi afi, Instant at) {
    PrefixMap map = map(afi);
    int removed = 0;
    for (int s = 0; s < map.capacity(); s++) {
      // Backward shift may pull a later (unvisited) route into s: look at s again.
      while (map.occupied(s) && (map.id(s) & PrefixMap.STALE) != 0) {
        Prefix prefix = map.prefix(s);
        long pathId = map.pathId(s);
        int id = map.id(s) & ~PrefixMap.STALE;
        map.removeAt(s);
        removed(prefix, pathId, id, EventKind.PEER_DOWN, at);
        removed++;
      }
    }
    return removed;
  }

  /** Routes held for {@code afi} (all path ids). */
  public int size(Afi afi) {
    return map(afi).size();
  }

  /** Routes held, both families. */
  public int size() {
    return ipv4.size() + ipv6.size();
  }

  /** The routes for exactly {@code prefix}, one per path id. */
  public List<RibRoute> lookup(Prefix prefix) {
    List<RibRoute> out = new ArrayList<>(1);
    PrefixMap map = map(prefix);
    map.forEachPath(prefix, s -> out.add(route(map, s)));
    return out;
  }

  /** The routes whose prefix covers {@code prefix} (equal included), least specific first. */
  public List<RibRoute> covering(Prefix prefix) {
    List<RibRoute> out = new ArrayList<>();
    PrefixMap map = map(prefix);
    for (int len = 0; len <= prefix.length(); len++) {
      map.forEachPath(prefix.truncate(len), s -> out.add(route(map, s)));
    }
    return out;
  }

  /**
   * The routes for {@code prefix} and every more specific prefix, at most {@code limit}, as a scan
   * of the family's table the caller runs in slices between other work on this RIB's thread (API
   * queries: a full table must not hold the event loop). See {@link MoreSpecificsScan}.
   */
  public MoreSpecificsScan scanMoreSpecifics(Prefix prefix, int limit) {
    return scanMoreSpecifics(prefix, limit, r -> true);
  }

  /** {@link #scanMoreSpecifics(Prefix, int)} of the routes {@code filter} accepts only. */
  public MoreSpecificsScan scanMoreSpecifics(Prefix prefix, int limit, java.util.function.Predicate<RibRoute> filter) {
    return new MoreSpecificsScan(this, map(prefix), prefix, limit, filter);
  }

  /** Calls {@code action} with every route, IPv4 first. */
  public void forEach(Consumer<RibRoute> action) {
    for (PrefixMap map : new PrefixMap[] {ipv4, ipv6}) {
      for (int s = 0; s < map.capacity(); s++) {
        if (map.occupied(s)) {
          action.accept(route(map, s));
        }
      }
    }
  }

  /** Bytes held by this peer's tables, without the shared attribute sets. */
  public long tableBytes() {
    return ipv4.arrayBytes() + ipv6.arrayBytes();
  }

  private void flush(PrefixMap map, Instant at) {
    for (int s = 0; s < map.capacity(); s++) {
      if (map.occupied(s)) {
        removed(map.prefix(s), map.pathId(s), map.id(s) & ~PrefixMap.STALE, EventKind.PEER_DOWN, at);
      }
    }
    map.clear();
  }

  RibRoute route(PrefixMap map, int s) {
    int id = map.id(s);
    return new RibRoute(
        peer,
        map.prefix(s),
        map.pathId(s),
        interner.get(id & ~PrefixMap.STALE),
        Instant.ofEpochSecond(map.time(s) & 0xffff_ffffL),
        (id & PrefixMap.STALE) != 0);
  }

  /** A route with set {@code id} left the RIB: releases the set, reports the change. */
  private void removed(Prefix prefix, long pathId, int id, EventKind kind, Instant at) {
    PathAttributes previous = interest.test(prefix) ? interner.get(id) : null;
    interner.release(id);
    if (previous != null) {
      events.accept(event(prefix, pathId, null, previous, kind, at));
    }
  }

  private RouteEvent event(
      Prefix prefix,
      long pathId,
      PathAttributes attributes,
      PathAttributes previous,
      EventKind kind,
      Instant at) {
    return new RouteEvent(peer, prefix, pathId, attributes, previous, kind, at);
  }

  private PrefixMap map(Prefix prefix) {
    return prefix.ipv6() ? ipv6 : ipv4;
  }

  private PrefixMap map(Afi afi) {
    if (afi.equals(Afi.IPV4)) {
      return ipv4;
    }
    if (afi.equals(Afi.IPV6)) {
      return ipv6;
    }
    throw new IllegalArgumentException("unsupported AFI " + afi + " (expected: ipv4 or ipv6)");
  }

  private static int seconds(Instant at) {
    return (int) at.getEpochSecond();
  }
}
