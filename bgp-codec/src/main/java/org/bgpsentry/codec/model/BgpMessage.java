package org.bgpsentry.codec.model;

/**
 * One BGP message, RFC 4271 §4: a closed family of immutable records holding no buffers
 * (docs/contributing.md R1). Switch over it without {@code default}.
 */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {
  MessageType type();
}
