package org.bgpsentry.daemon.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.Wiring;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.systemd.SystemdNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code bgpsentry run --config FILE}: the daemon in the foreground (systemd runs this). SIGHUP
 * reloads; SIGTERM and SIGINT stop cleanly and exit 0 (the JVM's default would exit 143).
 * {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to catch SIGHUP; javac
 * warns about it and the warning cannot be suppressed.
 */
@Command(name = "run", description = "Run the daemon in the foreground.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--config", required = true, description = "the YAML config file")
  Path config;

  @Override
  public Integer call() throws Exception {
    Daemon.Loaded loaded;
    try {
      loaded = Daemon.load(config);
    } catch (ConfigException e) {
      for (ConfigError err : e.errors()) {
        System.err.println(err);
      }
      return BgpsentryCommand.EXIT_USAGE;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Daemon daemon = new Daemon(loaded.config(), loaded.registry(), Wiring.components(loaded.config()));
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    SystemdNotifier systemd = SystemdNotifier.fromEnvironment(daemon.metrics()::statusLine, daemon::failure);
    Signal.handle(
        new Signal("HUP"),
        s ->
            Thread.ofPlatform()
                .name("reload")
                .start(
                    () -> {
                      systemd.reloading();
                      daemon.reload();
                      systemd.ready(daemon.metrics().statusLine());
                    }));
    if (ignoredSinceStart(1)) {
      LOG.warn("SIGHUP was ignored by whatever started bgpsentry (nohup?), and the JVM keeps it"
          + " ignored: reload with POST /api/v1/reload instead");
    }
    try {
      daemon.start();
    } catch (Exception e) {
      LOG.error("cannot start: {}", e.toString());
      systemd.close();
      return BgpsentryCommand.EXIT_RUNTIME;
    }
    systemd.ready(daemon.metrics().statusLine());
    stop.await();
    LOG.info("stopping");
    systemd.stopping();
    Thread stopper = Thread.ofPlatform().daemon().name("stop").start(daemon::close);
    stopper.join(9_000);
    if (stopper.isAlive()) {
      LOG.warn("components did not stop within 9 s; exiting anyway");
    }
    systemd.close();
    LOG.info("stopped");
    return BgpsentryCommand.EXIT_OK;
  }

  /**
   * Whether signal {@code signo} is ignored by this process (Linux {@code /proc/self/status}
   * SigIgn). A signal ignored at exec stays ignored: the JVM will not install a handler for it.
   */
  static boolean ignoredSinceStart(int signo) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return new BigInteger(line.substring(7).trim(), 16).testBit(signo - 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs: nothing to tell
    }
    return false;
  }
}
