package org.bgpsentry.daemon.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;

class LatencyProberTest {
  /** A result with the instant it was delivered. */
  private record Done(ProbeResult result, Instant end) {}

  @Test
  void probesInFlightNeverExceedMaxConcurrent() throws Exception {
    try (LoopbackTargets targets = new LoopbackTargets()) {
      // one probe in flight at most; the silent target holds it for the whole timeout
      LatencySettings s =
          new LatencySettings(
              Duration.ofMillis(100), "tcp", List.of(targets.port), Duration.ofSeconds(1), 1.5,
              1, 1000);
      List<Done> done = new ArrayList<>();
      CountDownLatch enough = new CountDownLatch(8);
      try (LatencyProber prober =
          new LatencyProber(
              s,
              Clock.systemUTC(),
              () -> {},
              r -> {
                synchronized (done) {
                  done.add(new Done(r, Instant.now()));
                }
                enough.countDown();
              })) {
        prober.setTargets(
            List.of(
                IpAddress.parse(LoopbackTargets.SILENT), IpAddress.parse(LoopbackTargets.OPEN)));
        assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
      }
      synchronized (done) {
        assertThat(done).anyMatch(d -> d.result() instanceof ProbeResult.Lost);
        assertThat(done).anyMatch(d -> d.result() instanceof ProbeResult.Answered);
        for (int i = 1; i < done.size(); i++) {
          assertThat(done.get(i).result().at())
              .as("probe %d started after probe %d ended", i, i - 1)
              .isAfterOrEqualTo(done.get(i - 1).end().minusMillis(1));
        }
      }
    }
  }
}
