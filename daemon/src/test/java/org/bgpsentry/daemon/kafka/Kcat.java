package org.bgpsentry.daemon.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** kcat (Debian package kcat), the outside consumer: reads a topic from the beginning to its end. */
public final class Kcat {
  private Kcat() {}

  /** One record: the key as text, the value as the bytes in the topic. */
  public record Message(String key, byte[] value) {}

  private static String binary() {
    for (String d : List.of("/usr/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(d, "kcat"))) {
        return d + "/kcat";
      }
    }
    Assumptions.abort("kcat is not installed (apt-get install kcat; .ci/run installs it): test skipped");
    return null;
  }

  /**
   * Every record of {@code topic} now, read with {@code kcat -C -e} (exit at the end). Values are
   * framed by kcat's {@code %S} (value length) so that any bytes survive.
   */
  public static List<Message> read(String bootstrap, String topic) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary(), "-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q",
        "-f", "%K %k %S\n%s\n").start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("kcat did not finish");
    }
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("kcat exited " + p.exitValue() + ": " + err);
    }
    List<Message> messages = new ArrayList<>();
    int i = 0;
    while (i < out.length) {
      int nl = indexOf(out, (byte) '\n', i);
      String[] head = new String(out, i, nl - i, StandardCharsets.UTF_8).split(" ", 2);
      int keyLen = Integer.parseInt(head[0]);
      String rest = head[1];
      String key = rest.substring(0, Math.max(keyLen, 0));
      int valueLen = Integer.parseInt(rest.substring(Math.max(keyLen, 0) + 1));
      byte[] value = java.util.Arrays.copyOfRange(out, nl + 1, nl + 1 + Math.max(valueLen, 0));
      messages.add(new Message(key, value));
      i = nl + 1 + Math.max(valueLen, 0) + 1;
    }
    return messages;
  }

  private static int indexOf(byte[] b, byte x, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    throw new IllegalStateException("kcat output ends without a newline");
  }
}
