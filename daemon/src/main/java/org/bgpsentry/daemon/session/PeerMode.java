package org.bgpsentry.daemon.session;

/**
 * Who opens the TCP connection: docs/configuration.md {@code mode}; RFC 4271 §8.1.1
 * PassiveTcpEstablishment.
 */
public enum PeerMode {
  /** Wait for the peer to connect (the default). */
  PASSIVE,
  /** Connect to the peer (port 179 or the configured port), retrying every ConnectRetryTime. */
  ACTIVE
}
