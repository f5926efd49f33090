package org.bgpsentry.daemon.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Steady-state throughput of {@code mrt dump} (docs/performance.md): dumps one file N times in one
 * JVM to a line-counting sink and prints wall and thread CPU time per pass, so the later passes
 * show the JIT-compiled speed without JVM start-up. Not a unit test; run it with the built jar:
 *
 * <pre>java -cp daemon/target/bgpsentry.jar \
 *   daemon/src/bench/java/org/bgpsentry/daemon/cli/MrtDumpThroughput.java FILE PASSES</pre>
 */
public final class MrtDumpThroughput {
  private MrtDumpThroughput() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int passes = Integer.parseInt(args[1]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int pass = 1; pass <= passes; pass++) {
      long wall0 = System.nanoTime();
      long cpu0 = threads.getCurrentThreadCpuTime();
      LineCounter sink = new LineCounter();
      MrtDumpCommand.dump(file, sink, new PrintStream(OutputStream.nullOutputStream()));
      double wall = (System.nanoTime() - wall0) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf(
          "pass %d: %d lines, wall %.3f s (%.0f lines/s), thread CPU %.3f s (%.0f lines/s)%n",
          pass, sink.lines, wall, sink.lines / wall, cpu, sink.lines / cpu);
    }
  }

  /** Discards the output, counting lines. */
  private static final class LineCounter extends OutputStream {
    long lines;

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          lines++;
        }
      }
    }
  }
}
