package org.bgpsentry.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpsentry.analytics.alert.Alert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operators-guide.md "Webhooks": {@code kill -9} of the process while it writes the outbox and while a post is
 * in flight loses nothing; after a restart every transition that was acknowledged as queued is
 * delivered, duplicates carry the same id + status, and first deliveries stay in order.
 */
class OutboxCrashTest {
  @TempDir Path state;

  private static Process child(Path state, String url, int count) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), OutboxChild.class.getName(),
            state.toString(), url, Integer.toString(count))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Reads "queued N" lines in the background into {@code last} (the highest N seen so far). */
  private static Thread follow(Process p, AtomicInteger last) {
    return Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("queued ")) {
            last.set(Integer.parseInt(line.substring(7)));
          }
        }
      } catch (java.io.IOException e) {
        // the child was killed
      }
    });
  }

  @Test
  void kill9MidWriteAndMidDeliveryLosesNothing() throws Exception {
    try (Receiver receiver = new Receiver()) {
      String url = receiver.uri("/hook").toString();
      Process first = child(state, url, 100_000);
      AtomicInteger queued = new AtomicInteger(-1);
      Thread reader = follow(first, queued);
      // Let it queue and deliver for a while, then kill it in the middle of both.
      Receiver.await(() -> receiver.posts.size() >= 20 && queued.get() >= 200, Duration.ofSeconds(60), "traffic");
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
      // Lines the child printed before it died may still be in the pipe: read them all.
      reader.join(Duration.ofSeconds(30));
      assertThat(reader.isAlive()).as("the child's output read to its end").isFalse();
      int acknowledged = queued.get();
      int deliveredBefore = receiver.posts.size();
      assertThat(acknowledged).isLessThan(99_999); // really killed mid-run

      Process second = child(state, url, 0);
      try {
        Receiver.await(() -> ids(receiver).size() > acknowledged, Duration.ofSeconds(120),
            "every queued alert delivered after restart (" + acknowledged + " queued)");
      } finally {
        second.destroyForcibly();
        second.waitFor();
      }
      List<String> firstDeliveries = new ArrayList<>(ids(receiver));
      for (int i = 0; i <= acknowledged; i++) {
        assertThat(firstDeliveries.get(i)).isEqualTo(TestAlerts.numbered(i, org.bgpsentry.analytics.alert.AlertStatus.FIRING).id());
      }
      assertThat(deliveredBefore).isPositive();
    }
  }

  /** Distinct id|status in order of first delivery. */
  private static Set<String> ids(Receiver r) {
    Set<String> out = new LinkedHashSet<>();
    for (Receiver.Post p : r.posts) {
      Alert a = AlertJson.read(p.body());
      out.add(a.id());
      assertThat(a.status().wireName()).isEqualTo("firing");
    }
    return out;
  }
}
