package org.bgpsentry.daemon.probe;

import java.time.Duration;
import java.time.Instant;
import org.bgpsentry.codec.model.nlri.IpAddress;

/** The outcome of one probe of one target: answered with an RTT, or lost. */
public sealed interface ProbeResult {
  IpAddress target();

  /** When the probe started. */
  Instant at();

  /**
   * The target answered on {@code port}: a SYN-ACK ({@code refused == false}) or a RST ({@code
   * refused == true}); both measure the round trip.
   */
  record Answered(IpAddress target, Instant at, int port, Duration rtt, boolean refused)
      implements ProbeResult {}

  /** No answer on any port within the timeout, or an ICMP error. */
  record Lost(IpAddress target, Instant at, String reason) implements ProbeResult {}
}
