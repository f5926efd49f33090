package org.bgpsentry.codec.mrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.model.nlri.Safi;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpMessage;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpStateChange;
import org.bgpsentry.codec.mrt.MrtRecord.PeerIndexTable;
import org.bgpsentry.codec.mrt.MrtRecord.Rib;
import org.bgpsentry.codec.testing.TestData;
import org.junit.jupiter.api.Test;

class MrtReaderTest {

  private static byte[] hex(String... parts) {
    return HexFormat.of().parseHex(String.join("", parts).replaceAll("\\s+", ""));
  }

  private static List<MrtRecord> readAll(MrtReader reader) throws IOException {
    List<MrtRecord> out = new ArrayList<>();
    MrtRecord r;
    while ((r = reader.next()) != null) {
      out.add(r);
    }
    return out;
  }

  @Test
  void rfc6396_3_extendedTimestampCarriesMicrosecondsInsideTheLength() throws IOException {
    byte[] file =
        hex(
            "562a0ee6 0011 0005 0000001c", // 2015-10-23, BGP4MP_ET, STATE_CHANGE_AS4, length 28
            "0007c4f1", // microseconds 509169
            "00000f10 00000f10 0000 0001", // peer AS 3856, local AS 3856, ifindex 0, AFI IPv4
            "cedce737 d8150306", // peer 206.220.231.55, local 216.21.3.6
            "0001 0002"); // Idle -> Connect
    try (MrtReader reader = new MrtReader(new ByteArrayInputStream(file))) {
      List<MrtRecord> records = readAll(reader);
      assertThat(records).hasSize(1);
      Bgp4mpStateChange s = (Bgp4mpStateChange) records.get(0);
      assertThat(s.header()).isEqualTo(new MrtHeader(0x562a0ee6L, 509169, 17, 5, 24));
      assertThat(s.peerAs()).isEqualTo(3856);
      assertThat(s.peerAddress()).isEqualTo(IpAddress.parse("206.220.231.55"));
      assertThat(s.afi()).isEqualTo(Afi.IPV4);
      assertThat(s.oldState()).isEqualTo(1);
      assertThat(s.newState()).isEqualTo(2);
      assertThat(reader.skipped()).isEmpty();
    }
  }

  @Test
  void unknownTypeIsSkippedAndCountedAndReadingGoesOn() throws IOException {
    List<String> told = new ArrayList<>();
    byte[] file =
        hex(
            "00000001 0063 0000 00000002 abcd", // type 99, 2 bytes
            "00000002 0010 0000 00000014", // BGP4MP STATE_CHANGE, length 20
            "fde8 fde9 0000 0001 c0000201 c0000202 0003 0004");
    try (MrtReader reader = new MrtReader(new ByteArrayInputStream(file), (r, d) -> told.add(r))) {
      List<MrtRecord> records = readAll(reader);
      assertThat(records).singleElement().isInstanceOf(Bgp4mpStateChange.class);
      assertThat(reader.skipped()).isEqualTo(Map.of("unknown type", 1L));
      assertThat(told).containsExactly("unknown type");
    }
  }

  @Test
  void recordCutByTheEndOfInputEndsTheStreamCounted() throws IOException {
    byte[] file = hex("00000002 0010 0000 00000014", "fde8 fde9 0000 0001 c0000201");
    try (MrtReader reader = new MrtReader(new ByteArrayInputStream(file))) {
      assertThat(reader.next()).isNull();
      assertThat(reader.next()).isNull();
      assertThat(reader.skipped()).isEqualTo(Map.of("truncated record", 1L));
    }
  }

  @Test
  void partialHeaderAtTheEndIsCounted() throws IOException {
    try (MrtReader reader = new MrtReader(new ByteArrayInputStream(hex("00000002 0010")))) {
      assertThat(reader.next()).isNull();
      assertThat(reader.skipped()).isEqualTo(Map.of("truncated header", 1L));
    }
  }

  @Test
  void zebraEightByteStateChangeHasNoAddresses() throws IOException {
    byte[] file = hex("3a03613e 0010 0000 00000008", "011e 3109 0001 0002");
    try (MrtReader reader = new MrtReader(new ByteArrayInputStream(file))) {
      Bgp4mpStateChange s = (Bgp4mpStateChange) reader.next();
      assertThat(s.peerAs()).isEqualTo(286);
      assertThat(s.peerAddress()).isEqualTo(IpAddress.ipv4(0));
      assertThat(s.oldState()).isEqualTo(1);
      assertThat(s.newState()).isEqualTo(2);
    }
  }

  @Test
  void rfc8050_4_ribIpv4UnicastAddPathCarriesPathIdsAndTheRawPrefix() throws IOException {
    byte[] file =
        hex(
            "568e8b6b 000d 0001 00000015", // PEER_INDEX_TABLE, length 21
            "0a000001 0000 0001", // collector 10.0.0.1, no view name, 1 peer
            "02 0a000f01 0a000f01 0000fdf7", // AS4 IPv4 peer 10.0.15.1 AS65015
            "568e8b6b 000d 0008 0000001a", // RIB_IPV4_UNICAST_ADDPATH, length 26
            "00000007 15 0b0d0f", // seq 7, /21 with host bits: 11.13.15.0
            "0001 0000 568e8b00 00000024 0004 40010100"); // peer 0, path id 36, ORIGIN IGP
    try (MrtReader reader = new MrtReader(new ByteArrayInputStream(file))) {
      PeerIndexTable table = (PeerIndexTable) reader.next();
      assertThat(table.peers())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.asn()).isEqualTo(65015);
                assertThat(p.fourOctetAs()).isTrue();
                assertThat(p.address()).isEqualTo(IpAddress.parse("10.0.15.1"));
              });
      Rib rib = (Rib) reader.next();
      assertThat(rib.afi()).isEqualTo(Afi.IPV4);
      assertThat(rib.safi()).isEqualTo(Safi.UNICAST);
      assertThat(rib.addPath()).isTrue();
      assertThat(rib.prefixAddress()).isEqualTo(IpAddress.parse("11.13.15.0"));
      assertThat(rib.prefix()).isEqualTo(Prefix.parse("11.13.8.0/21"));
      assertThat(rib.entries())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.pathId()).isEqualTo(36);
                assertThat(e.attributes().toHex()).isEqualTo("40010100");
              });
      assertThat(reader.next()).isNull();
    }
  }

  /** The record counts testdata/SOURCES.md gives for the BGP4MP_ET file (its first 20,005 records). */
  @Test
  void realFileRecordsMatchTheirPublishedCounts() throws IOException {
    Path file = TestData.file("mrt/bgpdump/updates.et-header.2015.gz");
    Map<String, Integer> counts = new TreeMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        MrtReader reader = new MrtReader(in)) {
      for (MrtRecord r : readAll(reader)) {
        counts.merge(r.header().type() + "/" + r.header().subtype(), 1, Integer::sum);
        if (r instanceof Bgp4mpMessage m) {
          assertThat(m.fourOctetAs()).isEqualTo(m.header().subtype() == 4);
          assertThat(m.message().get(0)).isEqualTo((byte) 0xff);
        }
      }
      assertThat(reader.skipped()).isEmpty();
    }
    assertThat(counts).isEqualTo(Map.of("17/1", 1, "17/4", 20_000, "17/5", 4));
  }
}
