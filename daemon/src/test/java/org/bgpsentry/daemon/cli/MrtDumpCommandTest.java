package org.bgpsentry.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.bgpsentry.codec.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code bgpsentry mrt dump}: output, exit codes (docs/cli.md) and the error message. */
class MrtDumpCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.US_ASCII));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  @Test
  void dumpsEveryFileGivenAndExitsZero() {
    Path rib = TestData.file("mrt");
    String quagga = rib.resolve("mrtparse/quagga_rib").toString();
    int exit = BgpsentryCommand.execute("mrt", "dump", quagga, quagga);
    assertThat(exit).isZero();
    String[] lines = out.toString(StandardCharsets.US_ASCII).split("\n");
    assertThat(lines).hasSize(18);
    assertThat(lines[0])
        .isEqualTo(
            "TABLE_DUMP2|1486802400|B|192.168.0.10|65000|172.17.0.0/24|4200000000 4200000000"
                + " 4200000000 64512 64512 64512|IGP|192.168.0.10|100|10|65000:100 65000:200"
                + " 65000:300|NAG||");
  }

  @Test
  void unreadableFileIsReportedOnStderrWithExitOneAndTheOthersStillDumped() {
    Path data = TestData.file("mrt");
    int exit =
        BgpsentryCommand.execute(
            "mrt", "dump", "/nonexistent/rib.bz2", data.resolve("mrtparse/quagga_rib").toString());
    assertThat(exit).isEqualTo(BgpsentryCommand.EXIT_RUNTIME);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("bgpsentry: cannot read /nonexistent/rib.bz2: no such file");
    assertThat(out.toString(StandardCharsets.US_ASCII).split("\n")).hasSize(9);
  }

  @Test
  void missingFileArgumentIsAUsageError() {
    assertThat(BgpsentryCommand.execute("mrt", "dump")).isEqualTo(BgpsentryCommand.EXIT_USAGE);
  }
}
