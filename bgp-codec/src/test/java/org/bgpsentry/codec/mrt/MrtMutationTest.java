package org.bgpsentry.codec.mrt;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bgpsentry.codec.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged archives never abort a dump: every single-byte change and every truncation of real MRT
 * files yields records, counted skips and bgpdump lines, never an exception.
 */
class MrtMutationTest {

  private static void dump(byte[] file) throws IOException {
    BgpdumpFormat format = new BgpdumpFormat();
    try (MrtReader reader = new MrtReader(new ByteArrayInputStream(file))) {
      MrtRecord r;
      while ((r = reader.next()) != null) {
        format.format(r);
      }
    }
    format.writeTo(OutputStream.nullOutputStream());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mrtparse/openbgpd_bgp",
        "mrtparse/quagga_bgp",
        "mrtparse/bird-mrtdump_rib",
        "mrtparse/bird6-mrtdump_bgp",
        "mrtparse/openbgpd_rib_table",
        "mrtparse/openbgpd_rib_table-v2",
        "mrtparse/openbgpd_rib_table-mp"
      })
  void singleByteChangesAndTruncationsNeverThrow(String name) throws IOException {
    Path file = TestData.file("mrt/" + name);
    byte[] original = Files.readAllBytes(file);
    Random random = new Random(name.hashCode());
    for (int i = 0; i < 400; i++) {
      byte[] mutated = original.clone();
      int at = random.nextInt(mutated.length);
      mutated[at] = (byte) random.nextInt(256);
      assertThatCode(() -> dump(mutated))
          .as("byte %d set to %02x", at, mutated[at])
          .doesNotThrowAnyException();
    }
    for (int length = 0; length < original.length; length += 7) {
      byte[] cut = java.util.Arrays.copyOf(original, length);
      int n = length;
      assertThatCode(() -> dump(cut)).as("cut at %d", n).doesNotThrowAnyException();
    }
  }
}
