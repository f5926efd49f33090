package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link ReadGate}: the source reads only while no consumer asks it to stop. */
class ReadGateTest {
  @Test
  void eachConsumerLiftsOnlyItsOwnStop() {
    List<Boolean> reading = new ArrayList<>();
    ReadGate gate = new ReadGate(reading::add);
    Consumer<Boolean> detection = gate.input(0);
    Consumer<Boolean> bmpRaw = gate.input(1);
    detection.accept(false);
    bmpRaw.accept(false);
    detection.accept(true); // bmp_raw still full: stays paused
    assertThat(reading).containsExactly(false);
    bmpRaw.accept(true);
    assertThat(reading).containsExactly(false, true);
    bmpRaw.accept(true); // no change, nothing passed on
    assertThat(reading).containsExactly(false, true);
  }
}
