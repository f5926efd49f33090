package org.bgpsentry.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.bgpsentry.analytics.detect.PathView;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.ConfigLoader;
import org.bgpsentry.daemon.ingest.MrtRibRoutes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bgpsentry generate --asn N [--config FILE] [--rib MRT]... [--api URL]
 * [--keep-more-specifics]} (docs/cli.md, docs/operators-guide.md "Public vantage points: RIS Live"): prints a ready {@code prefixes.yml} for every
 * prefix AS N originates, as seen in MRT RIB dumps or by a running daemon ({@code GET
 * /api/v1/routes?origin_asn=N}, then each prefix with its more-specifics). With {@code --config},
 * {@code detection.max_path_length} is the default the entries are checked against, and without
 * {@code --rib} or {@code --api} the daemon at its {@code http.listen} is asked. Exit 1 when AS N
 * originates nothing seen or a source fails; 2 on a bad ASN, an unreadable file or bad usage.
 */
@Command(
    name = "generate",
    description = "Print prefixes.yml entries for every prefix an AS originates (MRT RIBs or a daemon's API).",
    mixinStandardHelpOptions = true)
final class GenerateCommand implements Callable<Integer> {
  static final int API_ROUTE_LIMIT = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--asn", required = true, description = "the origin AS: 64496 or AS64496")
  String asn;

  @Option(names = "--config", description = "config: detection.max_path_length, http.listen for the API")
  Path config;

  @Option(names = "--rib", description = "MRT RIB dump (TABLE_DUMP, TABLE_DUMP_V2; .gz/.bz2 ok), repeatable")
  List<Path> ribs = List.of();

  @Option(names = "--api", description = "a running daemon's HTTP API, e.g. http://127.0.0.1:9180")
  String api;

  @Option(names = "--keep-more-specifics", description = "one entry per more-specific the AS originates, not folded")
  boolean keepMoreSpecifics;

  /** Thrown for a problem the user must fix in the command line or the files (exit 2). */
  private static final class UsageProblem extends Exception {
    UsageProblem(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    try {
      long n = parseAsn(asn);
      int maxPath = 3;
      String apiUrl = api;
      if (config != null) {
        BgpsentryConfig cfg = ConfigLoader.load(config, BgpsentryConfig.Purpose.GENERATE);
        maxPath = cfg.detection().maxPathLength();
        if (apiUrl == null && ribs.isEmpty()) {
          apiUrl = "http://" + cfg.http().listen().getHostString() + ":" + cfg.http().listen().getPort();
        }
      }
      if (ribs.isEmpty() && apiUrl == null) {
        throw new UsageProblem("no source (expected: --rib FILE..., --api URL, or --config naming http.listen)");
      }
      if (!ribs.isEmpty() && api != null) {
        throw new UsageProblem("--rib and --api given (expected: one source)");
      }
      for (Path f : ribs) {
        if (!Files.isReadable(f) || Files.isDirectory(f)) {
          throw new UsageProblem("cannot read " + f + " (expected: a readable MRT file)");
        }
      }
      PrefixListGenerator gen = new PrefixListGenerator(n);
      String source = ribs.isEmpty() ? fromApi(apiUrl, n, gen) : fromRibs(gen);
      if (!gen.found()) {
        System.err.println("generate: AS" + n + " originates no prefix in " + source
            + " (expected: an AS seen as the origin of at least one route)");
        return BgpsentryCommand.EXIT_RUNTIME;
      }
      List<PrefixListGenerator.Entry> entries = gen.entries(keepMoreSpecifics, maxPath);
      System.out.print(PrefixListYaml.write(n, source, Instant.now(), entries));
      System.out.flush();
      System.err.printf("generate: %d entries for AS%d (%s)%n", entries.size(), n, source);
      return BgpsentryCommand.EXIT_OK;
    } catch (UsageProblem e) {
      System.err.println("generate: " + e.getMessage());
      return BgpsentryCommand.EXIT_USAGE;
    } catch (ConfigException e) {
      e.errors().stream().map(ConfigError::toString).forEach(System.err::println);
      return BgpsentryCommand.EXIT_USAGE;
    } catch (IOException | RuntimeException e) {
      System.err.println("generate: " + e.getMessage());
      return BgpsentryCommand.EXIT_RUNTIME;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return BgpsentryCommand.EXIT_RUNTIME;
    }
  }

  /** {@code 64496} or {@code AS64496}: 1..4294967295 (RFC 6793 four-octet). */
  static long parseAsn(String text) throws UsageProblem {
    String t = text.trim();
    if (t.regionMatches(true, 0, "AS", 0, 2)) {
      t = t.substring(2);
    }
    try {
      long v = Long.parseLong(t);
      if (v >= 1 && v <= 0xffffffffL) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageProblem("invalid --asn '" + text + "' (expected: an AS number 1..4294967295, e.g. 64496 or AS64496)");
  }

  private String fromRibs(PrefixListGenerator gen) throws IOException {
    MrtRibRoutes reader = new MrtRibRoutes();
    Set<String> peers = new LinkedHashSet<>();
    for (Path f : ribs) {
      reader.read(f, r -> {
        peers.add(r.peerAddress().toString());
        PathView path = PathView.of(r.attributes().asPath());
        long origin = path.origin(r.peerAsn());
        long[] origins = origin >= 0 ? new long[] {origin} : path.originSet();
        gen.observe(r.prefix(), origins, path.originNeighbour(), path.collapsed().length);
      });
    }
    reader.skipped().forEach((k, v) -> System.err.printf("generate: skipped %d: %s%n", v, k));
    return "MRT RIB " + ribs.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
        + " (" + reader.routes() + " routes from " + peers.size() + " peers, dumped "
        + reader.latest() + ")";
  }

  private static String fromApi(String base, long n, PrefixListGenerator gen) throws IOException, InterruptedException {
    String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      JsonNode own = get(http, root + "/api/v1/routes?origin_asn=" + n + "&limit=" + API_ROUTE_LIMIT);
      List<Prefix> prefixes = new ArrayList<>();
      for (JsonNode r : own.path("routes")) {
        Prefix p = Prefix.parse(r.path("prefix").asText());
        if (prefixes.stream().noneMatch(q -> q.covers(p))) {
          prefixes.removeIf(p::covers);
          prefixes.add(p);
        }
      }
      Set<String> peers = new LinkedHashSet<>();
      for (Prefix p : prefixes) {
        String q = URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
        JsonNode all = get(http, root + "/api/v1/routes?prefix=" + q + "&more_specifics=true&limit=" + API_ROUTE_LIMIT);
        for (JsonNode r : all.path("routes")) {
          peers.add(r.path("peer").asText());
          observe(gen, r);
        }
      }
      return "the daemon at " + root + " (" + peers.size() + " peers)";
    }
  }

  /** One route of the API: its origin_asn (null for an AS_SET origin) and collapsed as_path. */
  private static void observe(PrefixListGenerator gen, JsonNode r) {
    JsonNode origin = r.path("origin_asn");
    if (!origin.canConvertToLong()) {
      return;
    }
    List<Long> hops = new ArrayList<>();
    r.path("as_path").forEach(a -> hops.add(a.asLong()));
    long[] collapsed = PathView.collapse(hops.stream().mapToLong(Long::longValue).toArray());
    long neighbour = collapsed.length >= 2 ? collapsed[collapsed.length - 2] : -1;
    gen.observe(Prefix.parse(r.path("prefix").asText()), new long[] {origin.asLong()}, neighbour, collapsed.length);
  }

  private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("cannot reach " + url + ": " + e, e);
    }
    if (resp.statusCode() != 200) {
      throw new IOException("GET " + url + ": HTTP " + resp.statusCode() + " " + resp.body());
    }
    JsonNode body = JSON.readTree(resp.body());
    if (body.path("truncated").asBoolean(false)) {
      throw new IOException("GET " + url + ": more than " + API_ROUTE_LIMIT + " routes (expected: fewer)");
    }
    return body;
  }
}
