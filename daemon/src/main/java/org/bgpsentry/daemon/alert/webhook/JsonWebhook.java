package org.bgpsentry.daemon.alert.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.daemon.config.WebhookConfig;

/**
 * Format {@code json}: the docs/alerts.md object as body; with a secret, {@code
 * X-Bgpsentry-Signature-256: sha256=<hex HMAC-SHA256 (RFC 2104) of the body>}.
 */
public final class JsonWebhook implements WebhookFormatter {
  public static final String SIGNATURE_HEADER = "X-Bgpsentry-Signature-256";
  private final WebhookConfig config;

  JsonWebhook(WebhookConfig config) {
    this.config = config;
  }

  @Override
  public WebhookRequest render(Alert alert, byte[] body) {
    Map<String, String> headers = WebhookFormatter.headers(config);
    if (config.secret() != null) {
      headers.put(SIGNATURE_HEADER, "sha256=" + hmacSha256Hex(config.secret(), body));
    }
    return new WebhookRequest(config.url(), headers, body);
  }

  /** Lower-case hex HMAC-SHA256 of {@code body} keyed with the UTF-8 bytes of {@code secret}. */
  public static String hmacSha256Hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
