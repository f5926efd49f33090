package org.bgpsentry.daemon.bmp;

import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.AttributeType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;

/**
 * Undoes a BMP exporter bug: FRR before 10.7 (its PR 21815) builds the UPDATE of a Route
 * Monitoring message as if it were sending the route to an eBGP neighbour, so the router's own AS
 * leads every AS_PATH (ExaBGP sends [174, 3333], BMP carries [65100, 174, 3333]). An eBGP
 * neighbour never sends a path that starts with the receiving router's AS (RFC 4271 §9.1.2: such a
 * route is a loop and dropped), so when that AS leads the path of an Adj-RIB-In route from a peer
 * of another AS, it is removed once. Without the correction every such route would show a path
 * one hop longer, through the monitoring router, and raise false path, leak, length or anomaly
 * alerts.
 */
final class AsPathCorrection {
  private AsPathCorrection() {}

  /**
   * {@code result} with the leading {@code routerAsn} removed from its AS_PATH, or {@code result}
   * itself when the path does not start with it (or carries an AS4_PATH, which the 2-octet
   * exporters this bug concerns do not send).
   */
  static UpdateResult strip(UpdateResult result, long routerAsn) {
    Update u = result.update();
    PathAttributes attrs = u.attributes();
    PathAttribute.AsPath path = attrs.asPath();
    if (path == null || path.segments().isEmpty() || attrs.get(AttributeType.AS4_PATH) != null) {
      return result;
    }
    AsPathSegment first = path.segments().get(0);
    if (first.type() != SegmentType.AS_SEQUENCE || first.size() == 0 || first.asn(0) != routerAsn) {
      return result;
    }
    List<AsPathSegment> segments = new ArrayList<>(path.segments());
    long[] asns = first.asns();
    if (asns.length == 1) {
      segments.remove(0);
    } else {
      segments.set(0, AsPathSegment.of(SegmentType.AS_SEQUENCE, java.util.Arrays.copyOfRange(asns, 1, asns.length)));
    }
    PathAttribute.AsPath stripped = new PathAttribute.AsPath(segments);
    List<PathAttribute> list = new ArrayList<>(attrs.list());
    byte[] flags = new byte[list.size()];
    for (int i = 0; i < list.size(); i++) {
      flags[i] = (byte) attrs.flags(i);
      if (list.get(i) instanceof PathAttribute.AsPath) {
        list.set(i, stripped);
      }
    }
    Update corrected = new Update(u.withdrawn(), new PathAttributes(list, flags, stripped), u.announced());
    return new UpdateResult(corrected, result.action(), result.issues(), result.disabledFamilies());
  }
}
