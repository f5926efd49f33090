package org.bgpsentry.codec.model.cap;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * One capability advertised in OPEN: RFC 5492 §4. A closed family of records (docs/contributing.md R1), with
 * {@link Unknown} for every code we do not interpret, kept verbatim (docs/contributing.md R2).
 */
public sealed interface Capability {
  CapabilityCode code();

  /** Code 1, Multiprotocol Extensions: RFC 4760 §8. */
  record Multiprotocol(Family family) implements Capability {
    public CapabilityCode code() {
      return CapabilityCode.MULTIPROTOCOL;
    }
  }

  /** Code 2, Route Refresh: RFC 2918 §2. */
  record RouteRefresh() implements Capability {
    public CapabilityCode code() {
      return CapabilityCode.ROUTE_REFRESH;
    }
  }

  /** Code 5, Extended Next Hop Encoding: RFC 8950 §3. */
  record ExtendedNextHop(List<Entry> entries) implements Capability {
    /** NLRI AFI (2 octets), NLRI SAFI (2 octets), Nexthop AFI (2 octets). */
    public record Entry(Afi nlriAfi, int nlriSafi, Afi nextHopAfi) {}

    public ExtendedNextHop {
      entries = List.copyOf(entries);
    }

    public CapabilityCode code() {
      return CapabilityCode.EXTENDED_NEXT_HOP;
    }
  }

  /** Code 6, Extended Message: RFC 8654 §3. */
  record ExtendedMessage() implements Capability {
    public CapabilityCode code() {
      return CapabilityCode.EXTENDED_MESSAGE;
    }
  }

  /**
   * Code 9, BGP Role: RFC 9234 §4.1. Values: 0 Provider, 1 RS, 2 RS-Client, 3 Customer, 4 Peer.
   */
  record BgpRole(int role) implements Capability {
    public static final int PROVIDER = 0;
    public static final int RS = 1;
    public static final int RS_CLIENT = 2;
    public static final int CUSTOMER = 3;
    public static final int PEER = 4;

    public CapabilityCode code() {
      return CapabilityCode.BGP_ROLE;
    }
  }

  /**
   * Code 64, Graceful Restart: RFC 4724 §3. {@code flags} are the 4 Restart Flags bits (R, N),
   * {@code restartTime} 12 bits in seconds.
   */
  record GracefulRestart(int flags, int restartTime, List<Entry> families) implements Capability {
    /** One AFI/SAFI with its Flags for Address Family (F bit 0x80: forwarding state preserved). */
    public record Entry(Family family, int flags) {}

    public GracefulRestart {
      families = List.copyOf(families);
    }

    public CapabilityCode code() {
      return CapabilityCode.GRACEFUL_RESTART;
    }
  }

  /** Code 65, Support for 4-octet AS number: RFC 6793 §3. */
  record FourOctetAs(long asn) implements Capability {
    public CapabilityCode code() {
      return CapabilityCode.FOUR_OCTET_AS;
    }
  }

  /** Code 69, ADD-PATH: RFC 7911 §4. Send/Receive: 1 receive, 2 send, 3 both. */
  record AddPath(List<Entry> families) implements Capability {
    public static final int RECEIVE = 1;
    public static final int SEND = 2;
    public static final int BOTH = 3;

    /** One AFI/SAFI and its Send/Receive field. */
    public record Entry(Family family, int sendReceive) {
      public boolean canReceive() {
        return (sendReceive & RECEIVE) != 0;
      }

      public boolean canSend() {
        return (sendReceive & SEND) != 0;
      }
    }

    public AddPath {
      families = List.copyOf(families);
    }

    /** Families for which the advertiser is able to send paths. */
    public Set<Family> sendFamilies() {
      return families.stream().filter(Entry::canSend).map(Entry::family).collect(Collectors.toUnmodifiableSet());
    }

    /** Families for which the advertiser is able to receive paths. */
    public Set<Family> receiveFamilies() {
      return families.stream().filter(Entry::canReceive).map(Entry::family).collect(Collectors.toUnmodifiableSet());
    }

    public CapabilityCode code() {
      return CapabilityCode.ADD_PATH;
    }
  }

  /** Code 70, Enhanced Route Refresh: RFC 7313 §3.1. */
  record EnhancedRouteRefresh() implements Capability {
    public CapabilityCode code() {
      return CapabilityCode.ENHANCED_ROUTE_REFRESH;
    }
  }

  /** Code 71, Long-Lived Graceful Restart: RFC 9494 §3. */
  record LongLivedGracefulRestart(List<Entry> families) implements Capability {
    /** AFI, SAFI, Flags (F bit 0x80), Long-lived Stale Time (24 bits, seconds). */
    public record Entry(Family family, int flags, int staleTime) {}

    public LongLivedGracefulRestart {
      families = List.copyOf(families);
    }

    public CapabilityCode code() {
      return CapabilityCode.LONG_LIVED_GRACEFUL_RESTART;
    }
  }

  /** Code 73, FQDN: draft-walton-bgp-hostname-capability §3; names kept as bytes. */
  record Fqdn(OpaqueBytes hostName, OpaqueBytes domainName) implements Capability {
    public CapabilityCode code() {
      return CapabilityCode.FQDN;
    }
  }

  /** Any other code, or a known one whose value does not parse, kept verbatim. */
  record Unknown(CapabilityCode code, OpaqueBytes value) implements Capability {}

}
