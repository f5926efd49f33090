package org.bgpsentry.codec.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * Loads annotated hex fixtures (docs/contributing.md R12): {@code #} lines are comments (a {@code # context:}
 * line gives the {@link DecodeContext} of the messages after it), dump lines are {@code tcpdump -X} style ({@code
 * 0x0010:  hhhh hhhh ...  ascii}), and messages are found by the 16 x 0xff marker and their length
 * field, so prose between them is harmless.
 */
public final class Fixtures {
  private static final Pattern DUMP = Pattern.compile("^\\s*0x[0-9a-fA-F]+:\\s+(.*)$");
  private static final byte[] MARKER = HexFormat.of().parseHex("ff".repeat(16));

  private Fixtures() {}

  /** One message of a fixture file. */
  public record Message(Path file, int index, byte[] bytes, DecodeContext context) {
    @Override
    public String toString() {
      return file.getFileName() + "#" + index;
    }
  }

  /** Every {@code .hex} file under {@code fixtures/<kind>/} on the test classpath. */
  public static List<Path> files(String kind) {
    URL url = Fixtures.class.getResource("/fixtures/" + kind);
    if (url == null) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      return s.filter(p -> p.toString().endsWith(".hex")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every message of every fixture of {@code kind}. */
  public static List<Message> messages(String kind) {
    List<Message> out = new ArrayList<>();
    for (Path p : files(kind)) {
      out.addAll(read(p));
    }
    return out;
  }

  /** The bytes of every dump line of one fixture file, in order ({@code #} lines skipped). */
  public static byte[] dumpBytes(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String line : lines) {
      Matcher m = line.startsWith("#") ? null : DUMP.matcher(line);
      if (m != null && m.matches()) {
        String rest = m.group(1);
        String hex = rest.length() > 40 ? rest.substring(0, 40) : rest;
        bytes.writeBytes(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
      }
    }
    return bytes.toByteArray();
  }

  /** The messages in one fixture file. */
  public static List<Message> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A "# context:" line applies to the messages that start after it.
    java.util.TreeMap<Integer, DecodeContext> contexts = new java.util.TreeMap<>();
    contexts.put(0, DecodeContext.DEFAULT);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String line : lines) {
      if (line.startsWith("# context:")) {
        contexts.put(bytes.size(), context(line.substring("# context:".length())));
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = DUMP.matcher(line);
      if (m.matches()) {
        String rest = m.group(1);
        String hex = rest.length() > 40 ? rest.substring(0, 40) : rest;
        bytes.writeBytes(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
      }
    }
    return split(file, bytes.toByteArray(), contexts);
  }

  private static List<Message> split(
      Path file, byte[] all, java.util.NavigableMap<Integer, DecodeContext> contexts) {
    List<Message> out = new ArrayList<>();
    int i = 0;
    while (i + 19 <= all.length) {
      if (!java.util.Arrays.equals(all, i, i + 16, MARKER, 0, 16)) {
        i++;
        continue;
      }
      int len = ((all[i + 16] & 0xff) << 8) | (all[i + 17] & 0xff);
      if (len < 19 || i + len > all.length) {
        throw new IllegalStateException(file + ": message at offset " + i + " has length " + len
            + " (expected: 19.." + (all.length - i) + ")");
      }
      out.add(
          new Message(
              file, out.size(), java.util.Arrays.copyOfRange(all, i, i + len),
              contexts.floorEntry(i).getValue()));
      i += len;
    }
    return out;
  }

  /** Parses {@code four-octet-as add-path=ipv4-unicast,ipv6-unicast}. */
  static DecodeContext context(String spec) {
    boolean four = spec.contains("four-octet-as");
    Set<Family> addPath = new java.util.HashSet<>();
    Matcher m = Pattern.compile("add-path=([a-z0-9,-]+)").matcher(spec);
    if (m.find()) {
      for (String f : m.group(1).split(",")) {
        addPath.add(Family.parse(f));
      }
    }
    return new DecodeContext(four, addPath, spec.contains("extended-message"));
  }
}
