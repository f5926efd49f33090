package org.bgpsentry.daemon.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
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
 * {@code bgpsentry mrt dump FILE...}: one line per route or event, byte-identical to {@code bgpdump
 * -m FILE} (docs/cli.md). Files may be plain, gzip or bzip2. A file that cannot be opened is
 * reported on stderr and the exit code is 1; the other files are still dumped.
 */
@Command(
    name = "dump",
    description = "Print MRT files one line per route, as bgpdump -m does.",
    mixinStandardHelpOptions = true)
public final class MrtDumpCommand implements Callable<Integer> {
  private static final int FLUSH_AT = 1 << 16;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "MRT files (.gz/.bz2 ok).")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    // Netty's few log lines go to stderr through java.util.logging: stdout carries only the dump,
    // and the tool starts without configuring logback.
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
    int exit = BgpsentryCommand.EXIT_OK;
    try {
      for (Path file : files) {
        try {
          dump(file, stdout, System.err);
        } catch (IOException e) {
          stdout.flush();
          System.err.println("bgpsentry: cannot read " + file + ": " + reason(e));
          exit = BgpsentryCommand.EXIT_RUNTIME;
        }
      }
    } finally {
      stdout.flush();
    }
    return exit;
  }

  private static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file";
      case AccessDeniedException x -> "permission denied";
      default -> e.getMessage();
    };
  }

  /**
   * Writes the bgpdump lines of {@code file} to {@code out}; skipped records and a truncated
   * archive are reported on {@code diagnostics} (bgpdump logs these to syslog). Public for
   * MrtDumpThroughput (src/bench), which runs from source outside this class loader.
   */
  public static void dump(Path file, OutputStream out, PrintStream diagnostics) throws IOException {
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
        diagnostics.println(
            "bgpsentry: " + file + ": archive ends early: " + in.error().getMessage());
      }
      reader
          .skipped()
          .forEach(
              (reason, n) ->
                  diagnostics.println("bgpsentry: " + file + ": skipped " + n + " x " + reason));
    }
  }
}
