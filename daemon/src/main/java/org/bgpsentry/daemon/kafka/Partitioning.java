package org.bgpsentry.daemon.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Which partition of {@code <prefix>.events} holds what (docs/scaling.md): everything detection
 * needs for one registered prefix lands in the partition of that prefix (Kafka's murmur2 of its
 * text, as the default partitioner hashes keys). A route goes to the partition of every
 * registered prefix it overlaps (covering or more specific), once per partition; peer events go
 * to every partition; peer_down alerts belong to the partition of the peer's name.
 */
final class Partitioning {
  private Partitioning() {}

  static int of(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  static int of(Prefix registered, int partitions) {
    return of(registered.toString(), partitions);
  }

  /** The partitions of every registered prefix {@code route} overlaps. */
  static Set<Integer> ofRoute(Prefix route, PrefixRegistry registry, int partitions) {
    Set<Integer> out = new LinkedHashSet<>();
    for (int len = 0; len <= route.length(); len++) {
      RegisteredPrefix r = registry.get(route.truncate(len));
      if (r != null) {
        out.add(of(r.prefix(), partitions));
      }
    }
    for (RegisteredPrefix r : registry.moreSpecificThan(route)) {
      out.add(of(r.prefix(), partitions));
    }
    return out;
  }

  /** The partition whose owner raises and delivers {@code alert}. */
  static int ofAlert(Alert alert, int partitions) {
    if (!alert.registeredPrefix().isEmpty()) {
      return of(alert.registeredPrefix(), partitions);
    }
    return alert.peers().isEmpty() ? 0 : of(alert.peers().getFirst().name(), partitions);
  }
}
