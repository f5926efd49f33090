package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §4: concurrent registry writes (two POSTs, a DELETE, the file poller) reach {@code
 * onChange} in the order they were made, so whoever listens (analytics) ends on the final
 * registry. The listener here takes its time, as analytics building a large PrefixRegistry does.
 */
class RegistryServiceTest {
  @TempDir Path dir;

  static Set<Prefix> prefixes(List<RegisteredPrefix> list) {
    return list.stream().map(RegisteredPrefix::prefix).collect(Collectors.toSet());
  }

  @Test
  void concurrentWritesLeaveTheListenerOnTheFinalRegistry() throws Exception {
    Path file = dir.resolve("prefixes.yml");
    Files.writeString(file, "prefixes: []\n");
    AtomicReference<List<RegisteredPrefix>> seen = new AtomicReference<>(List.of());
    RegistryService registry =
        new RegistryService(now -> {
          try {
            Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(30_000_000)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.set(now);
        });
    registry.set(file, List.of());
    for (int round = 0; round < 8; round++) {
      int r = round;
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        int n = w;
        writers.add(Thread.ofPlatform().start(() -> {
          try {
            Prefix p = Prefix.parse("198.18." + (r * 6 + n) + ".0/24");
            registry.put(List.of(RegisteredPrefix.of(p, 64496)));
            if (n % 2 == 0) {
              registry.remove(p);
            }
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }));
      }
      for (Thread t : writers) {
        assertThat(t.join(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(prefixes(seen.get()))
          .as("round %d: the listener's registry", round)
          .isEqualTo(prefixes(registry.list()));
    }
    assertThat(registry.list()).hasSize(24);
  }
}
