package org.bgpsentry.daemon.session;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * A real BGP implementation (BIRD, GoBGP, FRR, ExaBGP) started by an interop test on loopback,
 * output in a log file of the test's directory, stopped by its PID.
 */
public final class ExternalDaemon implements AutoCloseable {
  private final String name;
  private final Path log;
  private final Process process;

  private ExternalDaemon(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** The executable, from an absolute path or PATH; skips the test (naming it) when missing. */
  static String require(String binary, String debianPackage) {
    if (binary.startsWith("/")) {
      if (Files.isExecutable(Path.of(binary))) {
        return binary;
      }
    } else {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        for (String d : List.of(dir, "/usr/sbin", "/sbin")) {
          if (Files.isExecutable(Path.of(d, binary))) {
            return Path.of(d, binary).toString();
          }
        }
      }
    }
    Assumptions.abort(
        binary
            + " is not installed (apt-get install "
            + debianPackage
            + "; .ci/run installs it): interop test skipped");
    return null;
  }

  /** Writes {@code config} to {@code dir/configFile}, then starts {@code command}. */
  static ExternalDaemon start(
      String name, Path dir, String configFile, String config, List<String> command)
      throws IOException {
    Files.writeString(dir.resolve(configFile), config);
    return start(name, dir, command);
  }

  static ExternalDaemon start(String name, Path dir, List<String> command) throws IOException {
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ExternalDaemon(name, log, p);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Sends a signal (STOP, CONT) to the process. */
  void signal(String signal) throws IOException, InterruptedException {
    run(List.of("kill", "-" + signal, Long.toString(process.pid())));
  }

  /** Runs a command to completion (a CLI of the daemon), returning its output. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " did not finish in 30 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(command + " exited " + p.exitValue() + ": " + out);
    }
    return out;
  }

  /**
   * Polls {@code condition} until true or fails after {@code timeout}, naming what it waited for.
   */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    await(() -> what, timeout, condition);
  }

  /** As {@link #await(String, Duration, BooleanSupplier)}, describing the state at the timeout. */
  public static void await(Supplier<String> what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + "]";
  }
}
