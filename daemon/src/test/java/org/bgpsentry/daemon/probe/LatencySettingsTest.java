package org.bgpsentry.daemon.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.bgpsentry.daemon.config.LatencyConfig;
import org.junit.jupiter.api.Test;

class LatencySettingsTest {
  @Test
  void defaultsAreThoseOfTheContract() {
    LatencySettings d = LatencySettings.defaults();
    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.method()).isEqualTo("tcp");
    assertThat(d.ports()).containsExactly(443, 80);
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.degradeRatio()).isEqualTo(1.5);
  }

  @Test
  void configSectionMapsOntoSettings() {
    assertThat(LatencySettings.from(LatencyConfig.DEFAULT)).isEqualTo(LatencySettings.defaults());
  }

  @Test
  void invalidValuesSayWhatWasExpected() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> LatencySettings.of(s, "icmp", List.of(443), s, 1.5))
        .hasMessage("invalid latency.method 'icmp' (expected: tcp)");
    assertThatThrownBy(() -> LatencySettings.of(s, "tcp", List.of(), s, 1.5))
        .hasMessageContaining("latency.ports is empty");
    assertThatThrownBy(() -> LatencySettings.of(s, "tcp", List.of(0), s, 1.5))
        .hasMessage("invalid latency port 0 (expected: 1..65535)");
    assertThatThrownBy(() -> LatencySettings.of(s, "tcp", List.of(443), Duration.ZERO, 1.5))
        .hasMessageContaining("latency.timeout");
    assertThatThrownBy(() -> LatencySettings.of(s, "tcp", List.of(443), s, 1.0))
        .hasMessageContaining("degrade_ratio 1.0 (expected: a number > 1)");
  }
}
