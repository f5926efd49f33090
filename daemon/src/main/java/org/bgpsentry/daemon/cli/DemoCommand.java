package org.bgpsentry.daemon.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.bgpsentry.daemon.Wiring;
import org.bgpsentry.daemon.demo.Demo;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bgpsentry demo} (what {@code make demo} runs): the daemon on an embedded config with a
 * simulated peer replaying a recorded table, a hijack and a leak; runs until Ctrl-C.
 */
@Command(name = "demo", description = "Run the daemon with a simulated peer, a hijack and a leak.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--bgp-port", defaultValue = "1179", description = "BGP listen port on 127.0.0.1 [${DEFAULT-VALUE}]")
  int bgpPort;

  @Option(names = "--http-port", defaultValue = "9180", description = "API and /metrics port on 127.0.0.1 [${DEFAULT-VALUE}]")
  int httpPort;

  @Option(names = "--pause", defaultValue = "5", description = "seconds between the scenario's steps [${DEFAULT-VALUE}]")
  int pauseSeconds;

  @Option(names = "--state-dir", description = "where alert state and outboxes go [a temporary directory]")
  Path stateDir;

  @Option(names = "--exit-when-done", description = "exit 0 once the hijack and leak fired and resolved (1 on timeout)")
  boolean exitWhenDone;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    for (var o : List.of(Map.entry("--bgp-port", bgpPort), Map.entry("--http-port", httpPort))) {
      if (o.getValue() < 1 || o.getValue() > 65535) {
        throw new ParameterException(spec.commandLine(),
            "Invalid value for option '" + o.getKey() + "': " + o.getValue() + " (expected: a TCP port 1..65535)");
      }
    }
    if (pauseSeconds < 0) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--pause': " + pauseSeconds + " (expected: seconds, 0 or more)");
    }
    Demo demo =
        new Demo(
            new InetSocketAddress("127.0.0.1", bgpPort),
            new InetSocketAddress("127.0.0.1", httpPort),
            stateDir,
            Duration.ofSeconds(pauseSeconds),
            System.out,
            Wiring.components(true));
    return demo.run(exitWhenDone) ? BgpsentryCommand.EXIT_OK : BgpsentryCommand.EXIT_RUNTIME;
  }
}
