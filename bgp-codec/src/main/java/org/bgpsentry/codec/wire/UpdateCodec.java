package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.attr.AttributesResult;
import org.bgpsentry.codec.wire.attr.PathAttributesCodec;

/**
 * UPDATE message body: RFC 4271 §4.3, error handling per RFC 7606.
 *
 * <pre>
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * +-----------------------------------------------------+
 * |   Withdrawn Routes (variable)                       |
 * +-----------------------------------------------------+
 * |   Total Path Attribute Length (2 octets)            |
 * +-----------------------------------------------------+
 * |   Path Attributes (variable)                        |
 * +-----------------------------------------------------+
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * </pre>
 *
 * Session-level errors throw {@link BgpNotificationException}: lengths that do not fit the message
 * (RFC 4271 §6.3 Malformed Attribute List), unparsable Withdrawn Routes or NLRI fields (RFC 7606
 * §5.3, Invalid Network Field), and every attribute issue whose approach is session reset.
 * Everything else is returned as data in the {@link UpdateResult}.
 */
public final class UpdateCodec {
  private UpdateCodec() {}

  public static UpdateResult decode(ByteBuf body, DecodeContext ctx) {
    return decode(body, ctx, false, null, null).result();
  }

  /**
   * Reads {@code body} for a reader that looks only at the routes {@code wanted} accepts (MRT
   * replay), in one walk: as {@link #decode}, except that the NLRI field is read before the
   * attributes, and when no route of the UPDATE is wanted the attribute values other than
   * MP_REACH_NLRI and MP_UNREACH_NLRI are not decoded ({@link
   * PathAttributesCodec#decodeUnlessUnwanted} says when) and only its routes are counted. The
   * issues of a decoded UPDATE are those of {@link #decode}, those of MP_REACH_NLRI and
   * MP_UNREACH_NLRI first.
   */
  public static SiftedUpdate decode(ByteBuf body, DecodeContext ctx, Predicate<Prefix> wanted) {
    int[] unwanted = {-1};
    RibUpdate r = decode(body, ctx, false, wanted, unwanted);
    return r == null ? new SiftedUpdate(null, unwanted[0]) : new SiftedUpdate(r.result(), 0);
  }

  /**
   * Decodes {@code body} as an Adj-RIB-In takes it: as {@link #decode}, and, for an UPDATE without
   * issues, the per-route attribute sets cut from the wire in the same walk ({@link
   * PathAttributesCodec#decodeForRib}).
   */
  public static RibUpdate decodeForRib(ByteBuf body, DecodeContext ctx) {
    return decode(body, ctx, true, null, null);
  }

  /**
   * With {@code wanted}: null when no route of the UPDATE is wanted, their number in {@code
   * unwanted[0]}.
   */
  private static RibUpdate decode(
      ByteBuf body, DecodeContext ctx, boolean forRib, Predicate<Prefix> wanted, int[] unwanted) {
    int total = body.readableBytes();
    if (total < 4) {
      throw new BgpNotificationException(
          NotificationError.MALFORMED_ATTRIBUTE_LIST,
          "UPDATE body of " + total + " octets (expected: at least 4)");
    }
    int withdrawnLen = body.readUnsignedShort();
    if (withdrawnLen + 2 > body.readableBytes()) {
      throw new BgpNotificationException(
          NotificationError.MALFORMED_ATTRIBUTE_LIST,
          "Withdrawn Routes Length " + withdrawnLen + " overruns the UPDATE ("
              + (body.readableBytes() - 2) + " octets available)");
    }
    List<DecodeIssue> issues = new ArrayList<>(0);
    List<Nlri> withdrawn = new ArrayList<>(withdrawnLen / 3);
    boolean addPath = ctx.addPath(Family.IPV4_UNICAST);
    int end = body.writerIndex();
    // Each field is decoded as a window of body (writer index moved), not a slice: no allocation.
    body.writerIndex(body.readerIndex() + withdrawnLen);
    String error = NlriCodec.decode(body, Afi.IPV4, addPath, withdrawn, issues);
    body.writerIndex(end);
    if (error != null) {
      throw new BgpNotificationException(
          NotificationError.INVALID_NETWORK_FIELD, "Withdrawn Routes: " + error);
    }
    int attrLen = body.readUnsignedShort();
    if (attrLen > body.readableBytes()) {
      throw new BgpNotificationException(
          NotificationError.MALFORMED_ATTRIBUTE_LIST,
          "Total Path Attribute Length " + attrLen + " overruns the UPDATE ("
              + body.readableBytes() + " octets available)");
    }
    int attrEnd = body.readerIndex() + attrLen;
    List<Nlri> announced = null;
    boolean sieve = false;
    if (wanted != null) {
      // the NLRI field first (RFC 4271 §4.3 puts it after the attributes), to know whether the
      // attribute values matter; its error is thrown where it would be otherwise
      announced = new ArrayList<>((end - attrEnd) / 3);
      int attrStart = body.readerIndex();
      body.readerIndex(attrEnd);
      error = NlriCodec.decode(body, Afi.IPV4, addPath, announced, issues);
      body.readerIndex(attrStart);
      sieve = error == null && issues.isEmpty() && none(withdrawn, wanted) && none(announced, wanted);
    }
    body.writerIndex(attrEnd);
    AttributesResult attrs =
        forRib
            ? PathAttributesCodec.decodeForRib(body, ctx, body.writerIndex() < end)
            : sieve
                ? PathAttributesCodec.decodeUnlessUnwanted(
                    body, ctx, wanted, !withdrawn.isEmpty() || !announced.isEmpty())
                : PathAttributesCodec.decode(body, ctx, false);
    body.writerIndex(end);
    if (attrs.unwantedRoutes() >= 0) {
      body.skipBytes(body.readableBytes());
      unwanted[0] = withdrawn.size() + announced.size() + attrs.unwantedRoutes();
      return null;
    }
    if (attrs.action() == ErrorAction.SESSION_RESET) {
      for (DecodeIssue i : attrs.issues()) {
        if (i.action() == ErrorAction.SESSION_RESET) {
          throw new BgpNotificationException(i.error(), i.data(), i.text());
        }
      }
    }
    if (announced == null) {
      announced = new ArrayList<>(body.readableBytes() / 3);
      error = NlriCodec.decode(body, Afi.IPV4, addPath, announced, issues);
    } else {
      body.skipBytes(body.readableBytes());
    }
    if (error != null) {
      throw new BgpNotificationException(NotificationError.INVALID_NETWORK_FIELD, "NLRI: " + error);
    }
    Update update = new Update(withdrawn, attrs.attributes(), announced);
    if (issues.isEmpty() && attrs.issues().isEmpty()) {
      return new RibUpdate(
          UpdateResult.ok(update),
          announced.isEmpty() ? null : attrs.nlriSet(),
          attrs.mpSet());
    }
    List<DecodeIssue> all = new ArrayList<>(attrs.issues());
    all.addAll(issues);
    return new RibUpdate(
        new UpdateResult(update, attrs.action(), all, attrs.disabledFamilies()), null, null);
  }

  private static boolean none(List<Nlri> routes, Predicate<Prefix> wanted) {
    for (Nlri n : routes) {
      if (wanted.test(n.prefix())) {
        return false;
      }
    }
    return true;
  }

  /** Encodes the body of {@code update}. */
  public static void encode(Update update, DecodeContext ctx, ByteBuf out) {
    boolean addPath = ctx.addPath(Family.IPV4_UNICAST);
    int at = out.writerIndex();
    out.writeShort(0);
    NlriCodec.encode(update.withdrawn(), addPath, out);
    out.setShort(at, out.writerIndex() - at - 2);
    at = out.writerIndex();
    out.writeShort(0);
    PathAttributesCodec.encode(update.attributes(), ctx, out);
    out.setShort(at, out.writerIndex() - at - 2);
    NlriCodec.encode(update.announced(), addPath, out);
  }

}
