package org.bgpsentry.daemon.session;

/** The FSM timers: RFC 4271 §8.1.3 (and IdleHold, §8.1.1 optional attribute 4 of 8.2.1.3). */
public enum SessionTimer {
  CONNECT_RETRY,
  HOLD,
  KEEPALIVE,
  DELAY_OPEN,
  IDLE_HOLD
}
