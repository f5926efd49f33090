package org.bgpsentry.daemon.ingest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * RPKI-to-Router PDUs: draft-ietf-sidrops-8210bis §5 (version 2, which adds the ASPA PDU), RFC
 * 8210 §5 (version 1) and RFC 6810 §5 (version 0). Every PDU starts with the same 8 octets:
 *
 * <pre>
 * 0          8          16         24        31
 * .-------------------------------------------.
 * | Protocol |   PDU    |                     |
 * | Version  |   Type   |  Session ID / zero  |
 * +-------------------------------------------+
 * |                 Length                    |
 * `-------------------------------------------'
 * </pre>
 */
sealed interface RtrPdu {
  int SERIAL_NOTIFY = 0;
  int SERIAL_QUERY = 1;
  int RESET_QUERY = 2;
  int CACHE_RESPONSE = 3;
  int IPV4_PREFIX = 4;
  int IPV6_PREFIX = 6;
  int END_OF_DATA = 7;
  int CACHE_RESET = 8;
  int ROUTER_KEY = 9;
  int ERROR_REPORT = 10;
  /** draft-ietf-sidrops-8210bis §5.12, version 2 only. */
  int ASPA = 11;

  /** Error codes: RFC 8210 §12. */
  int CORRUPT_DATA = 0;
  int NO_DATA_AVAILABLE = 2;
  int UNSUPPORTED_PROTOCOL_VERSION = 4;
  int UNSUPPORTED_PDU_TYPE = 5;
  int UNEXPECTED_PROTOCOL_VERSION = 8;

  /** Longest PDU we accept: an Error Report carrying a PDU and a text, or a Router Key. */
  int MAX_LENGTH = 1 << 16;

  int version();

  /** §5.2 Serial Notify: the cache has new data. */
  record SerialNotify(int version, int sessionId, long serial) implements RtrPdu {}

  /** §5.5 Cache Response: data follows. */
  record CacheResponse(int version, int sessionId) implements RtrPdu {}

  /** §5.6 IPv4 Prefix and §5.7 IPv6 Prefix: flags bit 0 set = announcement, clear = withdrawal. */
  record PrefixPdu(int version, boolean announce, Vrp vrp) implements RtrPdu {}

  /**
   * §5.8 End of Data; the intervals (seconds) exist from version 1 on, -1 in version 0 (RFC 6810
   * §5.8).
   */
  record EndOfData(int version, int sessionId, long serial, long refresh, long retry, long expire)
      implements RtrPdu {}

  /** §5.9 Cache Reset: the cache cannot answer the Serial Query; send a Reset Query. */
  record CacheReset(int version) implements RtrPdu {}

  /** §5.10 Router Key (BGPsec): read and ignored, we do not validate BGPsec. */
  record RouterKey(int version) implements RtrPdu {}

  /** §5.11 Error Report. */
  record ErrorReport(int version, int code, String text) implements RtrPdu {}

  /**
   * draft-ietf-sidrops-8210bis §5.12 ASPA: the whole provider set of one customer AS, replacing
   * any earlier one (announce), or its removal (withdraw). Two layouts carry version 2 and type
   * 11, and {@link #read} takes both:
   *
   * <pre>
   * current draft (flags in the header)      drafts -10 to -12 (StayRTR 0.5.1, Debian)
   * | 2 | 11 | Flags | zero |                 | 2 | 11 |        zero         |
   * |         Length        |                 |         Length              |
   * |  Customer AS Number   |                 | Flags | AFI Flags | Count   |
   * ~  Provider AS Numbers  ~                 |  Customer AS Number         |
   *                                           ~  Provider AS Numbers        ~
   * </pre>
   *
   * Flags bit 0 is 1 for an announcement, 0 for a withdrawal (which may omit the providers). The
   * older layout sends one PDU per address family ({@code afiFlags}); the ASPA profile has since
   * dropped per-family records, so {@code afiFlags} (-1 in the current layout) only tells records
   * apart and verification uses the union of a customer's providers.
   */
  record Aspa(int version, boolean announce, int afiFlags, long customer, List<Long> providers)
      implements RtrPdu {}

  /** A PDU that breaks the protocol: what to report (an RFC 8210 §12 code) and why. */
  final class ProtocolException extends IOException {
    private final int code;

    ProtocolException(int code, String message) {
      super(message);
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  /** Reads one PDU; EOF when the cache closed the connection between PDUs. */
  static RtrPdu read(DataInputStream in) throws IOException {
    int version = in.read();
    if (version < 0) {
      throw new EOFException("RTR cache closed the connection");
    }
    int type = in.readUnsignedByte();
    int session = in.readUnsignedShort();
    long length = in.readInt() & 0xffffffffL;
    if (length < 8 || length > MAX_LENGTH) {
      throw new ProtocolException(CORRUPT_DATA,
          "PDU type " + type + " length " + length + " (expected: 8.." + MAX_LENGTH + ")");
    }
    byte[] body = new byte[(int) length - 8];
    in.readFully(body);
    ByteBuffer b = ByteBuffer.wrap(body);
    try {
      return switch (type) {
        case SERIAL_NOTIFY -> {
          expect(type, length, 12);
          yield new SerialNotify(version, session, b.getInt() & 0xffffffffL);
        }
        case CACHE_RESPONSE -> {
          expect(type, length, 8);
          yield new CacheResponse(version, session);
        }
        case IPV4_PREFIX -> {
          expect(type, length, 20);
          yield prefix(version, b, Afi.IPV4, 4);
        }
        case IPV6_PREFIX -> {
          expect(type, length, 32);
          yield prefix(version, b, Afi.IPV6, 16);
        }
        case END_OF_DATA -> {
          if (version == 0) {
            expect(type, length, 12);
            yield new EndOfData(version, session, b.getInt() & 0xffffffffL, -1, -1, -1);
          }
          expect(type, length, 24);
          yield new EndOfData(version, session, b.getInt() & 0xffffffffL, b.getInt() & 0xffffffffL,
              b.getInt() & 0xffffffffL, b.getInt() & 0xffffffffL);
        }
        case CACHE_RESET -> {
          expect(type, length, 8);
          yield new CacheReset(version);
        }
        case ROUTER_KEY -> new RouterKey(version);
        case ASPA -> {
          if (version < 2) {
            throw new ProtocolException(UNSUPPORTED_PDU_TYPE,
                "ASPA PDU (type 11) in version " + version + " (expected: version 2)");
          }
          yield aspa(version, session, length, b);
        }
        case ERROR_REPORT -> {
          int pduLength = b.getInt();
          b.position(b.position() + pduLength);
          int textLength = b.getInt();
          byte[] text = new byte[textLength];
          b.get(text);
          yield new ErrorReport(version, session, new String(text, StandardCharsets.UTF_8));
        }
        default -> throw new ProtocolException(UNSUPPORTED_PDU_TYPE,
            "PDU type " + type + " (expected: 0, 3, 4, 6, 7, 8, 9, 10 or 11 from a cache)");
      };
    } catch (RuntimeException e) {
      throw new ProtocolException(CORRUPT_DATA, "malformed PDU type " + type + ": " + e.getMessage());
    }
  }

  private static void expect(int type, long length, int wanted) throws ProtocolException {
    if (length != wanted) {
      throw new ProtocolException(CORRUPT_DATA,
          "PDU type " + type + " length " + length + " (expected: " + wanted + ")");
    }
  }

  private static PrefixPdu prefix(int version, ByteBuffer b, Afi afi, int addressLength) {
    int flags = b.get() & 0xff;
    int length = b.get() & 0xff;
    int maxLength = b.get() & 0xff;
    b.get(); // zero
    byte[] address = new byte[addressLength];
    b.get(address);
    long asn = b.getInt() & 0xffffffffL;
    return new PrefixPdu(version, (flags & 1) != 0, new Vrp(Prefix.of(afi, address, length), maxLength, asn));
  }

  /** The ASPA PDU in either layout (see {@link Aspa}); {@code header} is octets 2-3. */
  private static Aspa aspa(int version, int header, long length, ByteBuffer b) throws ProtocolException {
    if (header != 0 || length == 12) { // current draft: Flags in octet 2, zero in octet 3
      if ((header & 0xff) != 0 || length < 12 || length % 4 != 0) {
        throw new ProtocolException(CORRUPT_DATA,
            "ASPA PDU header " + Integer.toHexString(header) + " length " + length
                + " (expected: Flags, zero, length 12 + 4 x providers)");
      }
      long customer = b.getInt() & 0xffffffffL;
      return new Aspa(version, (header >> 8 & 1) != 0, -1, customer, asns(b, (int) (length - 12) / 4));
    }
    int flags = b.get() & 0xff;
    int afiFlags = b.get() & 0xff;
    int count = b.getShort() & 0xffff;
    if (length != 16 + 4L * count) {
      throw new ProtocolException(CORRUPT_DATA,
          "ASPA PDU length " + length + " for " + count + " providers (expected: " + (16 + 4L * count) + ")");
    }
    long customer = b.getInt() & 0xffffffffL;
    return new Aspa(version, (flags & 1) != 0, afiFlags, customer, asns(b, count));
  }

  private static List<Long> asns(ByteBuffer b, int count) {
    List<Long> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(b.getInt() & 0xffffffffL);
    }
    return List.copyOf(out);
  }

  /** §5.3 Serial Query. */
  static byte[] serialQuery(int version, int sessionId, long serial) {
    return ByteBuffer.allocate(12).put((byte) version).put((byte) SERIAL_QUERY).putShort((short) sessionId)
        .putInt(12).putInt((int) serial).array();
  }

  /** §5.4 Reset Query. */
  static byte[] resetQuery(int version) {
    return ByteBuffer.allocate(8).put((byte) version).put((byte) RESET_QUERY).putShort((short) 0).putInt(8).array();
  }

  /** §5.11 Error Report without an encapsulated PDU. */
  static byte[] errorReport(int version, int code, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(16 + t.length).put((byte) version).put((byte) ERROR_REPORT).putShort((short) code)
        .putInt(16 + t.length).putInt(0).putInt(t.length).put(t).array();
  }
}
