package org.bgpsentry.daemon.session;

/** BGP FSM states: RFC 4271 §8.2.2; {@code bgpsentry_bgp_session_state} has one series per state. */
public enum SessionState {
  IDLE,
  CONNECT,
  ACTIVE,
  OPEN_SENT,
  OPEN_CONFIRM,
  ESTABLISHED
}
