package org.bgpsentry.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * docs/cli.md: {@code bgpsentry COMMAND --help} prints the command's options and exits 0, {@code
 * -V} the version; a bad option value is bad usage (exit 2).
 */
class HelpAndUsageTest {
  @Test
  void everyCommandPrintsItsHelpAndExits0() {
    for (String[] cmd :
        new String[][] {
          {"run"}, {"check-config"}, {"replay"}, {"mrt"}, {"mrt", "dump"}, {"generate"}, {"demo"}, {"version"}
        }) {
      String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
      args[cmd.length] = "--help";
      Cli.Run r = Cli.run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: bgpsentry " + String.join(" ", cmd))
          .contains("Exit codes:", "2   bad usage, or an invalid config or registry");
    }
  }

  @Test
  void everyCommandPrintsTheVersion() {
    for (String cmd : new String[] {"run", "check-config", "replay", "generate", "demo"}) {
      Cli.Run r = Cli.run(cmd, "-V");
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).startsWith("bgpsentry ");
    }
  }

  /** examples/replay.yml checked without --for replay: the errors say how to check it for replay. */
  @Test
  void aReplayConfigCheckedForRunPointsToForReplay() {
    java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath();
    while (!java.nio.file.Files.exists(root.resolve("examples/replay.yml"))) {
      root = root.getParent();
    }
    String replay = root.resolve("examples/replay.yml").toString();
    Cli.Run r = Cli.run("check-config", "--config", replay);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList().getLast())
        .isEqualTo(replay + ": note: checked for run; a config for replay alone is checked with --for replay");
    assertThat(Cli.run("check-config", "--config", replay, "--for", "replay").code()).isZero();
  }

  @Test
  void demoWithAPortOutOfRangeOrANegativePauseIsBadUsage() {
    Cli.Run port = Cli.run("demo", "--http-port", "99999");
    assertThat(port.code()).isEqualTo(2);
    assertThat(port.err()).startsWith("Invalid value for option '--http-port': 99999 (expected: a TCP port 1..65535)");
    Cli.Run pause = Cli.run("demo", "--pause", "-1");
    assertThat(pause.code()).isEqualTo(2);
    assertThat(pause.err()).startsWith("Invalid value for option '--pause': -1");
  }

  @Test
  void checkConfigForAnUnknownCommandIsBadUsage() {
    Cli.Run r = Cli.run("check-config", "--config", "x.yml", "--for", "rnu");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--for", "rnu", "run", "replay");
  }
}
