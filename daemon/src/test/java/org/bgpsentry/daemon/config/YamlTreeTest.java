package org.bgpsentry.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Syntax errors name a position and say what is wrong in words, without the parser's internals. */
class YamlTreeTest {
  /** The problems recorded, as printed. */
  private static List<String> errors(Problems pr) {
    try {
      pr.throwIfAny();
      return List.of();
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
  }

  @Test
  void aTruncatedJsonBodyNamesWhereTheOpenObjectStarted() {
    Problems pr = new Problems("request");
    assertThat(YamlTree.parseJson("{\"prefixes\":[{\"prefix\":\"10.0.0.0/8\"", pr)).isNull();
    assertThat(errors(pr)).singleElement().asString()
        .startsWith("request:1:")
        .contains("Unexpected end-of-input", "(start marker at line 1, column 14)", "(expected: well-formed YAML or JSON)")
        .doesNotContain("Source:", "REDACTED", "StreamReadFeature");
  }

  /** A second YAML document is refused, not silently left unread. */
  @Test
  void aSecondYamlDocumentIsAnError() {
    Problems pr = new Problems("c.yml");
    YamlTree.parseYaml("bgp: {local_asn: 64512}\n---\nfoo: bar\n", pr);
    assertThat(errors(pr)).containsExactly("c.yml:3:1: a second document after the first (expected: one YAML"
        + " document; '---' starts another, which would not be read)");
  }

  /** A document start and end marker around the one document are fine. */
  @Test
  void markersAroundOneDocumentAreFine() {
    Problems pr = new Problems("c.yml");
    assertThat(YamlTree.parseYaml("---\nbgp: {local_asn: 64512}\n...\n", pr)).isNotNull();
    assertThat(errors(pr)).isEmpty();
  }

  /** Content after the JSON value of an API body is refused. */
  @Test
  void contentAfterTheJsonValueIsAnError() {
    Problems pr = new Problems("request");
    YamlTree.parseJson("{\"prefixes\": []} {\"prefixes\": []}", pr);
    assertThat(errors(pr)).containsExactly("request:1:18: a second document after the first (expected: one JSON value)");
  }
}
