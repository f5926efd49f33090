package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.attr.PathAttribute.ClusterList;
import org.bgpsentry.codec.wire.DecodeContext;

/** Type 10 CLUSTER_LIST: RFC 4456 §8; a length not a multiple of 4 is treat-as-withdraw (RFC 7606 §7.10). */
final class ClusterListCodec extends AttributeCodec<ClusterList> {
  ClusterListCodec() {
    super(10, ClusterList.class, OPTIONAL, ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Override
  ClusterList decode(ByteBuf value, AttributeInput in) {
    List<IpAddress> values = elements(value, 4, "CLUSTER_LIST", in, b -> IpAddress.ipv4(b.readInt()));
    return values == null ? null : new ClusterList(values);
  }

  @Override
  void encode(ClusterList a, DecodeContext ctx, ByteBuf out) {
    for (IpAddress v : a.ids()) {
      out.writeInt(v.ipv4Address());
    }
  }
}
