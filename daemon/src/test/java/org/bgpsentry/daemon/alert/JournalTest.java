package org.bgpsentry.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal keeps whole records only: a torn or corrupt tail is cut at the last good record. */
class JournalTest {
  @TempDir Path dir;

  private List<String> replay(Path f) throws Exception {
    List<String> out = new ArrayList<>();
    try (Journal j = Journal.open(f, e -> out.add(e.kind() + ":" + new String(e.body(), StandardCharsets.UTF_8)))) {
      return out;
    }
  }

  @Test
  void recordsReplayInOrder() throws Exception {
    Path f = dir.resolve("j");
    try (Journal j = Journal.open(f, e -> {})) {
      j.append((byte) 1, "a".getBytes(StandardCharsets.UTF_8));
      j.append((byte) 2, "bb".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(replay(f)).containsExactly("1:a", "2:bb");
  }

  @Test
  void tornTailFromACrashIsDroppedAndAppendingContinues() throws Exception {
    Path f = dir.resolve("j");
    try (Journal j = Journal.open(f, e -> {})) {
      j.append((byte) 1, "whole".getBytes(StandardCharsets.UTF_8));
    }
    long good = Files.size(f);
    // Half a record: length says 100 bytes, only 3 follow.
    Files.write(f, ByteBuffer.allocate(11).putInt(100).putInt(0).put(new byte[] {1, 2, 3}).array(), StandardOpenOption.APPEND);
    assertThat(replay(f)).containsExactly("1:whole");
    assertThat(Files.size(f)).isEqualTo(good);
    try (Journal j = Journal.open(f, e -> {})) {
      j.append((byte) 1, "next".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(replay(f)).containsExactly("1:whole", "1:next");
  }

  @Test
  void checksumMismatchEndsReplay() throws Exception {
    Path f = dir.resolve("j");
    try (Journal j = Journal.open(f, e -> {})) {
      j.append((byte) 1, "one".getBytes(StandardCharsets.UTF_8));
      j.append((byte) 1, "two".getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length - 1] ^= 0x40; // flip a bit in the last record's body
    Files.write(f, bytes);
    assertThat(replay(f)).containsExactly("1:one");
  }

  @Test
  void rewriteCompactsAtomically() throws Exception {
    Path f = dir.resolve("j");
    try (Journal j = Journal.open(f, e -> {})) {
      j.append((byte) 1, "old".getBytes(StandardCharsets.UTF_8));
      j.rewrite(List.of(new Journal.Entry((byte) 3, "kept".getBytes(StandardCharsets.UTF_8))));
      j.append((byte) 4, "after".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(replay(f)).containsExactly("3:kept", "4:after");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("j");
    }
  }
}
