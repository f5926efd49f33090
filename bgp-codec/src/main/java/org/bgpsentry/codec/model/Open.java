package org.bgpsentry.codec.model;

import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * OPEN: RFC 4271 §4.2. {@code myAutonomousSystem} is the 2-octet field (AS_TRANS 23456 when the
 * real AS needs 4 octets, RFC 6793 §4.1); {@link #asn()} gives the real AS. {@code
 * extendedParameters} says the parameters used the RFC 9072 extended encoding, so re-encoding is
 * byte-exact.
 */
public record Open(
    int version,
    int myAutonomousSystem,
    int holdTime,
    IpAddress bgpIdentifier,
    List<OptionalParameter> parameters,
    boolean extendedParameters)
    implements BgpMessage {
  public static final int VERSION = 4;
  public static final int AS_TRANS = 23456;

  public Open {
    parameters = List.copyOf(parameters);
    if (myAutonomousSystem < 0 || myAutonomousSystem > 0xffff) {
      throw new IllegalArgumentException(
          "invalid My Autonomous System: " + myAutonomousSystem + " (expected: 0..65535)");
    }
    if (holdTime < 0 || holdTime > 0xffff) {
      throw new IllegalArgumentException("invalid Hold Time: " + holdTime + " (expected: 0..65535)");
    }
  }

  /** A version 4 OPEN with all capabilities in one parameter, as most speakers send it. */
  public static Open of(long asn, int holdTime, IpAddress bgpIdentifier, List<Capability> caps) {
    int my = asn > 0xffff ? AS_TRANS : (int) asn;
    List<OptionalParameter> params =
        caps.isEmpty() ? List.of() : List.of(new OptionalParameter.Capabilities(caps));
    return new Open(VERSION, my, holdTime, bgpIdentifier, params, false);
  }

  /** Every capability of every Capabilities parameter, in wire order. */
  public List<Capability> capabilities() {
    List<Capability> out = new ArrayList<>();
    for (OptionalParameter p : parameters) {
      if (p instanceof OptionalParameter.Capabilities c) {
        out.addAll(c.capabilities());
      }
    }
    return out;
  }

  /** The first capability of the given record class, or null. */
  public <T extends Capability> T capability(Class<T> kind) {
    for (Capability c : capabilities()) {
      if (kind.isInstance(c)) {
        return kind.cast(c);
      }
    }
    return null;
  }

  /** The speaker's AS: the RFC 6793 4-octet AS capability when present, else My Autonomous System. */
  public long asn() {
    Capability.FourOctetAs four = capability(Capability.FourOctetAs.class);
    return four != null ? four.asn() : myAutonomousSystem;
  }

  @Override
  public MessageType type() {
    return MessageType.OPEN;
  }
}
