package org.bgpsentry.analytics.asrel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.bgpsentry.analytics.asrel.AsRelationships.Relation;
import org.bgpsentry.codec.testing.TestData;
import org.junit.jupiter.api.Test;

class AsRelationshipsTest {
  @Test
  void caidaSerial1FileOf2015LoadsEveryLink() throws Exception {
    try (Reader r =
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(TestData.file("asrel/20150201.as-rel.txt.gz"))),
            StandardCharsets.US_ASCII)) {
      AsRelationships rel = AsRelationships.parse(r);
      assertThat(rel.size()).isEqualTo(189_837); // testdata/SOURCES.md: 97,864 p2c + 91,973 p2p
      assertThat(rel.relation(3356, 16509)).isEqualTo(Relation.CUSTOMER);
      assertThat(rel.relation(16509, 3356)).isEqualTo(Relation.PROVIDER);
      assertThat(rel.relation(6939, 10297)).isEqualTo(Relation.PEER);
      assertThat(rel.relation(10297, 6939)).isEqualTo(Relation.PEER);
      assertThat(rel.relation(9498, 55410)).isEqualTo(Relation.CUSTOMER);
      assertThat(rel.relation(3356, 4294967294L)).isEqualTo(Relation.UNKNOWN);
    }
  }

  @Test
  void serial2LinesCarryASourceColumn() throws Exception {
    AsRelationships rel =
        AsRelationships.parse(new StringReader("# serial-2\n1|2|-1|bgp\n2|3|0|mlp\n4200000000|1|-1|bgp\n"));
    assertThat(rel.size()).isEqualTo(3);
    assertThat(rel.relation(2, 1)).isEqualTo(Relation.PROVIDER);
    assertThat(rel.relation(3, 2)).isEqualTo(Relation.PEER);
    assertThat(rel.relation(1, 4200000000L)).isEqualTo(Relation.PROVIDER);
  }

  @Test
  void aMalformedLineNamesItsNumber() {
    assertThatThrownBy(() -> AsRelationships.parse(new StringReader("1|2|-1\n1|2|x\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> AsRelationships.parse(new StringReader("1|2|1\n")))
        .hasMessageContaining("relationship -1 or 0");
  }
}
