package org.bgpsentry.codec.model;

import java.util.List;
import org.bgpsentry.codec.model.cap.Capability;

/**
 * One OPEN Optional Parameter: RFC 4271 §4.2. Type 2 carries capabilities (RFC 5492 §4); every
 * other type is kept verbatim.
 */
public sealed interface OptionalParameter {
  /** The parameter type code. */
  int parameterType();

  /** Parameter type 2, Capabilities: RFC 5492 §4. One parameter may hold several capabilities. */
  record Capabilities(List<Capability> capabilities) implements OptionalParameter {
    public static final int TYPE = 2;

    public Capabilities {
      capabilities = List.copyOf(capabilities);
    }

    @Override
    public int parameterType() {
      return TYPE;
    }
  }

  /** Any other parameter type (type 1, Authentication, was deprecated by RFC 5492). */
  record Unknown(int parameterType, OpaqueBytes value) implements OptionalParameter {}
}
