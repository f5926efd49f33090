package org.bgpsentry.daemon.session;

/** BGP FSM states: RFC 4271 §8.2.2. The metric value of {@code bgpsentry_bgp_session_state}. */
public enum SessionState {
  IDLE,
  CONNECT,
  ACTIVE,
  OPEN_SENT,
  OPEN_CONFIRM,
  ESTABLISHED;

  /** 1..6 as in the BGP4-MIB {@code bgpPeerState} (RFC 4273). */
  public int mibValue() {
    return ordinal() + 1;
  }
}
