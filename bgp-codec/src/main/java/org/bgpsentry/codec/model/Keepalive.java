package org.bgpsentry.codec.model;

/** KEEPALIVE: RFC 4271 §4.4, the header alone. */
public record Keepalive() implements BgpMessage {
  public static final Keepalive INSTANCE = new Keepalive();

  @Override
  public MessageType type() {
    return MessageType.KEEPALIVE;
  }
}
