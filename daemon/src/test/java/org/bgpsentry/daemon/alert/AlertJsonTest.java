package org.bgpsentry.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.junit.jupiter.api.Test;

/** docs/alerts.md: the alert JSON object, byte for byte. */
class AlertJsonTest {
  @Test
  void contractExampleIsWrittenExactly() {
    String json = new String(AlertJson.write(TestAlerts.youtube("01JD2Q4M8X9Z6V0K7T3N5R1C2B", AlertStatus.FIRING)), StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"id\":\"01JD2Q4M8X9Z6V0K7T3N5R1C2B\","
                + "\"key\":\"subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557\","
                + "\"type\":\"subprefix_hijack\",\"severity\":\"critical\",\"status\":\"firing\","
                + "\"summary\":\"208.65.153.0/24 (more specific of 208.65.152.0/22) originated by AS17557, expected AS36561\","
                + "\"registered_prefix\":\"208.65.152.0/22\",\"prefix\":\"208.65.153.0/24\","
                + "\"customer\":\"youtube\",\"provider\":\"Example ISP\",\"location\":\"California\","
                + "\"expected_origins\":[36561],\"origin_asn\":17557,\"as_path\":[64500,3491,17557],"
                + "\"peers\":[{\"name\":\"edge1\",\"address\":\"192.0.2.11\",\"asn\":64500}],"
                + "\"peer_count\":1,\"first_seen\":\"2008-02-24T18:47:45Z\","
                + "\"last_seen\":\"2008-02-24T18:47:45Z\",\"resolved_at\":null,\"details\":{}}");
  }

  @Test
  void resolvedHasResolvedAtAndMissingOriginIsNull() {
    Alert a = TestAlerts.youtube("X", AlertStatus.RESOLVED);
    Alert noOrigin = new Alert(a.id(), a.key(), a.type(), a.severity(), a.status(), a.summary(),
        a.registeredPrefix(), a.prefix(), a.customer(), a.provider(), a.location(),
        a.expectedOrigins(), -1, a.asPath(), a.peers(), a.firstSeen(), a.lastSeen(),
        a.resolvedAt(), java.util.Map.of("rule", "otc", "pair", java.util.List.of(1, 2)));
    String json = new String(AlertJson.write(noOrigin), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"status\":\"resolved\"", "\"origin_asn\":null", "\"resolved_at\":\"2008-02-24T20:47:45Z\"")
        .containsAnyOf("\"details\":{\"rule\":\"otc\",\"pair\":[1,2]}", "\"details\":{\"pair\":[1,2],\"rule\":\"otc\"}");
    assertThat(AlertJson.read(AlertJson.write(noOrigin))).isEqualTo(noOrigin);
  }

  @Test
  void detailsKeepTheDetectorsKeyOrder() {
    Alert a = TestAlerts.youtube("X", AlertStatus.FIRING);
    java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
    for (String k : java.util.List.of("zeta", "alpha", "mu", "beta", "omega", "gamma", "delta")) {
      details.put(k, k.length());
    }
    Alert withDetails = new Alert(a.id(), a.key(), a.type(), a.severity(), a.status(), a.summary(),
        a.registeredPrefix(), a.prefix(), a.customer(), a.provider(), a.location(),
        a.expectedOrigins(), a.originAsn(), a.asPath(), a.peers(), a.firstSeen(), a.lastSeen(),
        a.resolvedAt(), details);
    assertThat(new String(AlertJson.write(withDetails), StandardCharsets.UTF_8))
        .endsWith("\"details\":{\"zeta\":4,\"alpha\":5,\"mu\":2,\"beta\":4,\"omega\":5,\"gamma\":5,\"delta\":5}}");
  }

  @Test
  void timesAreRfc3339ToTheMillisecondAtMost() {
    assertThat(AlertJson.time(java.time.Instant.parse("2026-11-23T14:00:00.123456789Z")))
        .isEqualTo("2026-11-23T14:00:00.123Z");
    assertThat(AlertJson.time(java.time.Instant.parse("2015-06-01T00:00:07.000250Z")))
        .as("BGP4MP_ET microseconds below a millisecond")
        .isEqualTo("2015-06-01T00:00:07Z");
    assertThat(AlertJson.time(null)).isNull();
  }
}
