package inkstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/ cannot run here (no Docker engine): check that its topics and settings are the application's. */
class DeployConsistencyTest {
  static final Path DEPLOY = Path.of("deploy");
  static final InkstreamConfig DEFAULTS = new InkstreamConfig(Map.of());
  static final Set<String> TOPICS = Set.of(DEFAULTS.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG),
      DEFAULTS.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG), DEFAULTS.getString(InkstreamConfig.TELEMETRY_TOPIC_CONFIG),
      DEFAULTS.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG));

  /** Config name of an INKSTREAM_* environment variable, or null when it names no setting. */
  static String settingOf(String env) {
    for (String name : InkstreamConfig.configDef().names()) {
      if (("INKSTREAM_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')).equals(env)) return name;
    }
    return null;
  }

  @Test
  void shouldUseTheApplicationsSettingsAndTopicsInDockerCompose() throws Exception {
    String compose = Files.readString(DEPLOY.resolve("docker-compose.yml"));
    Matcher m = Pattern.compile("(INKSTREAM_[A-Z_]+): (\\S+)").matcher(compose);
    Map<String, Object> values = new HashMap<>();
    while (m.find()) {
      String name = settingOf(m.group(1));
      assertTrue(name != null, m.group(1) + " names no setting of InkstreamConfig");
      values.put(name, m.group(2));
    }
    InkstreamConfig c = new InkstreamConfig(values); // valid values, or this throws
    for (String key : List.of(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG, InkstreamConfig.HYPOTHESES_TOPIC_CONFIG, InkstreamConfig.TELEMETRY_TOPIC_CONFIG,
        InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG)) {
      assertEquals(DEFAULTS.getString(key), c.getString(key), key);
    }
    Matcher created = Pattern.compile("for t in ([^;]+);").matcher(compose);
    assertTrue(created.find());
    assertEquals(TOPICS, new TreeSet<>(List.of(created.group(1).trim().split("\\s+"))));
    assertEquals("exactly_once_v2", c.getString(InkstreamConfig.PROCESSING_GUARANTEE_CONFIG));
  }

  @Test
  void shouldConfigureTheStatefulSetWithValidSettingsAndStandbys() throws Exception {
    String k8s = Files.readString(DEPLOY.resolve("k8s/inkstream.yaml"));
    Matcher m = Pattern.compile("inkstream.properties: \\|\\n((?:    .*\\n)+)").matcher(k8s);
    assertTrue(m.find(), "no inkstream.properties in the ConfigMap");
    Properties p = new Properties();
    p.load(new StringReader(m.group(1).replaceAll("(?m)^    ", "")));
    Map<String, Object> values = new HashMap<>();
    p.forEach((k, v) -> {
      assertTrue(InkstreamConfig.configDef().names().contains(k), k + " is not a setting");
      values.put((String) k, v);
    });
    InkstreamConfig c = new InkstreamConfig(values);
    assertEquals(TOPICS, Set.of(c.getString(InkstreamConfig.PEN_EVENTS_TOPIC_CONFIG), c.getString(InkstreamConfig.HYPOTHESES_TOPIC_CONFIG),
        c.getString(InkstreamConfig.TELEMETRY_TOPIC_CONFIG), c.getString(InkstreamConfig.DEAD_LETTERS_TOPIC_CONFIG)));
    assertTrue(c.getInt(InkstreamConfig.STANDBY_REPLICAS_CONFIG) >= 1);
    assertTrue(k8s.contains("kind: StatefulSet") && k8s.contains("volumeClaimTemplates"));
    assertTrue(k8s.contains("mountPath: /var/lib/inkstream") && c.getString(InkstreamConfig.STATE_DIR_CONFIG).equals("/var/lib/inkstream"),
        "the persistent volume is the state directory");
  }

  @Test
  void shouldRunTheRecognizerInTheImage() throws Exception {
    String docker = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertTrue(docker.contains("\"jdk.incubator.vector\", \"-jar\", \"/opt/inkstream/inkstream.jar\", \"run\""));
  }
}
