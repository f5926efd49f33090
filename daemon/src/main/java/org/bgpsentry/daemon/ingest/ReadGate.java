package org.bgpsentry.daemon.ingest;

import java.util.function.Consumer;

/**
 * One source's reading under several consumers' backpressure (detection's analytics queue, the
 * {@code bmp_raw} backlog): the source reads only while none of them asks it to stop, and each
 * consumer's resume lifts only its own stop.
 */
public final class ReadGate {
  private final Consumer<Boolean> reading;
  private int stopped; // one bit per consumer

  public ReadGate(Consumer<Boolean> reading) {
    this.reading = reading;
  }

  /** The backpressure input of consumer {@code index} (0..31), for {@code backpressure(...)}. */
  public Consumer<Boolean> input(int index) {
    int bit = 1 << index;
    return on -> {
      boolean read;
      synchronized (this) {
        int before = stopped;
        stopped = on ? stopped & ~bit : stopped | bit;
        if ((before == 0) == (stopped == 0)) {
          return;
        }
        read = stopped == 0;
      }
      reading.accept(read);
    };
  }
}
