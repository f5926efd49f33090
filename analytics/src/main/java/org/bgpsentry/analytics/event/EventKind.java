package org.bgpsentry.analytics.event;

/** What happened to one route in a peer's Adj-RIB-In. */
public enum EventKind {
  /** A route for a prefix (and path id) the peer did not carry before. */
  ANNOUNCE,
  /** A new route implicitly replacing the peer's previous one (RFC 4271 §3.1). */
  REPLACE,
  /** An explicit withdrawal, or treat-as-withdraw (RFC 7606 §2). */
  WITHDRAW,
  /** The route is gone because the session left Established (or stale routes were swept). */
  PEER_DOWN
}
