package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.attr.PathAttribute.ClusterList;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 10 CLUSTER_LIST: RFC 4456 §8; a length not a multiple of 4 is treat-as-withdraw (RFC 7606 §7.10). */
final class ClusterListCodec implements AttributeCodec<ClusterList> {
  @Override
  public int typeCode() {
    return 10;
  }

  @Override
  public Class<ClusterList> kind() {
    return ClusterList.class;
  }

  @Override
  public int flags() {
    return OPTIONAL;
  }

  @Override
  public ErrorAction malformedAction() {
    return ErrorAction.TREAT_AS_WITHDRAW;
  }

  @Override
  public ClusterList decode(ByteBuf value, AttributeInput in) {
    int len = value.readableBytes();
    if (len % 4 != 0) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "invalid CLUSTER_LIST length: " + len + " (expected: a multiple of 4)");
    }
    List<IpAddress> values = new ArrayList<>(len / 4);
    while (value.isReadable()) {
      values.add(IpAddress.ipv4(value.readInt()));
    }
    return new ClusterList(values);
  }

  @Override
  public void encode(ClusterList a, DecodeContext ctx, ByteBuf out) {
    for (IpAddress v : a.ids()) {
      out.writeInt(v.ipv4Address());
    }
  }
}
