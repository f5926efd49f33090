package org.bgpsentry.daemon.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bgpsentry.codec.mrt.BgpdumpFormat;
import org.bgpsentry.codec.mrt.MrtReader;
import org.bgpsentry.codec.mrt.MrtRecord;
import org.bgpsentry.daemon.ingest.MrtFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bgpsentry mrt dump FILE...}: one line per route or event, byte-identical to {@code
 * bgpdump -m FILE} (CONTRACT.md §2). Files may be plain, gzip or bzip2. A file that cannot be
 * opened is reported on stderr and the exit code is 1; the other files are still dumped.
 */
@Command(
    name = "dump",
    description = "Print MRT files one line per route, as bgpdump -m does.",
    mixinStandardHelpOptions = true)
final class MrtDumpCommand implements Callable<Integer> {
  private static final int FLUSH_AT = 1 << 16;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "MRT files (.gz/.bz2 ok).")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    int exit = BgpsentryCommand.EXIT_OK;
    try {
      for (Path file : files) {
        try {
          dump(file, stdout, System.err);
        } catch (IOException e) {
          stdout.flush();
          System.err.println("bgpsentry: cannot read " + file + ": " + e.getMessage());
          exit = BgpsentryCommand.EXIT_RUNTIME;
        }
      }
    } finally {
      stdout.flush();
    }
    return exit;
  }

  /**
   * Writes the bgpdump lines of {@code file} to {@code out}; skipped records and a truncated
   * archive are reported on {@code diagnostics} (bgpdump logs these to syslog).
   */
  static void dump(Path file, OutputStream out, PrintStream diagnostics) throws IOException {
    BgpdumpFormat format = new BgpdumpFormat();
    try (MrtFiles.Truncation in = MrtFiles.open(file);
        MrtReader reader = new MrtReader(in)) {
      MrtRecord r;
      while ((r = reader.next()) != null) {
        format.format(r);
        if (format.buffered() >= FLUSH_AT) {
          format.writeTo(out);
        }
      }
      format.writeTo(out);
      if (in.error() != null) {
        diagnostics.println("bgpsentry: " + file + ": archive ends early: " + in.error().getMessage());
      }
      reader.skipped()
          .forEach((reason, n) -> diagnostics.println("bgpsentry: " + file + ": skipped " + n + " x " + reason));
    }
  }
}
