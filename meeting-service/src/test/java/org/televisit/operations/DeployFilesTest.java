package org.televisit.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/ checked with the real tools this machine has (no Docker engine here, so the images are
 * not built): nginx -t on the proxy, promtool on Prometheus's configuration and alert rules, and
 * the Compose file, Kubernetes manifests and Grafana dashboard parsed and held to what operators
 * rely on. Where nginx or promtool is missing the tool checks are skipped, unless
 * {@code TELEVISIT_DEPLOY_TOOLS=required} (CI sets it).
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern VARIABLE = Pattern.compile("\\b(TELEVISIT_[A-Z_]+)\\b");

    @TempDir
    Path work;

    @Test
    void everyYamlAndJsonFileParses() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> found = files.filter(path -> path.toString().matches(".*\\.(ya?ml|json)$")).toList();
            assertThat(found).hasSizeGreaterThanOrEqualTo(12);
            for (Path file : found) {
                String text = Files.readString(file);
                if (file.toString().endsWith(".json")) {
                    JsonMapper.builder().build().readTree(text);
                } else {
                    new Yaml(new LoaderOptions()).loadAll(text).forEach(document -> assertThat(document).as(file.toString()).isNotNull());
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTwoInstancesBehindNginxWithMonitoringAndAnOptionalJitsi() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("postgres", "televisit-a", "televisit-b", "nginx", "prometheus", "grafana",
                "jitsi-web", "jitsi-prosody", "jitsi-jicofo", "jitsi-jvb");
        for (String jitsi : List.of("jitsi-web", "jitsi-prosody", "jitsi-jicofo", "jitsi-jvb")) {
            assertThat((List<String>) services.get(jitsi).get("profiles")).containsExactly("jitsi");
        }
        Map<String, Object> televisit = (Map<String, Object>) services.get("televisit-a").get("environment");
        Map<String, Object> jitsi = (Map<String, Object>) services.get("jitsi-web").get("environment");
        // Jitsi accepts what Televisit signs: the same app id and secret, token auth, no guests.
        assertThat(televisit.get("TELEVISIT_JITSI_APP_SECRET")).isEqualTo(jitsi.get("JWT_APP_SECRET"));
        assertThat(televisit.get("TELEVISIT_JITSI_APP_ID")).isEqualTo(jitsi.get("JWT_APP_ID"));
        assertThat(jitsi).containsEntry("AUTH_TYPE", "jwt").containsEntry("ENABLE_GUESTS", "0").containsEntry("JWT_ACCEPTED_AUDIENCES", "jitsi");
        // No secret is written in the file: each comes from deploy/.env.
        televisit.forEach((name, value) -> {
            if (name.contains("SECRET") || name.contains("PASSWORD")) {
                assertThat(value.toString()).as(name).startsWith("${");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesProbesSecretsAndAlertRulesAreWhatOperatorsRelyOn() throws IOException {
        Map<String, Object> deployment = new Yaml().load(Files.readString(DEPLOY.resolve("k8s/deployment.yaml")));
        String text = Files.readString(DEPLOY.resolve("k8s/deployment.yaml"));
        assertThat(text).contains("path: /actuator/health/readiness", "path: /actuator/health/liveness", "runAsNonRoot: true");
        Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                deployment.get("spec")).get("template")).get("spec")).get("containers")).get(0);
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
            String name = variable.get("name").toString();
            if (name.contains("SECRET") || name.contains("PASSWORD")) {
                assertThat(variable).as(name).containsKey("valueFrom").doesNotContainKey("value");
            }
        }
        for (String kind : List.of("Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule")) {
            try (Stream<Path> manifests = Files.list(DEPLOY.resolve("k8s"))) {
                assertThat(manifests.map(this::read).anyMatch(manifest -> manifest.contains("kind: " + kind))).as(kind).isTrue();
            }
        }
        Map<String, Object> rule = new Yaml().load(Files.readString(DEPLOY.resolve("k8s/prometheusrule.yaml")));
        assertThat(rule.get("spec")).isEqualTo(new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/alerts.yml"))));
    }

    @Test
    void theDashboardShowsLatenciesStreamsLobbyOutcomesAndJoinDenials() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DEPLOY.resolve("grafana/dashboards/televisit.json")));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        assertThat(String.join("\n", expressions)).contains("televisit_stream_delivery_seconds_bucket", "televisit_streams_open",
                "televisit_lobby_knocks_total", "televisit_joins_total{outcome=\"denied\"}");
    }

    @Test
    void everyVariableTheDeployFilesSetIsDocumentedInOperations() throws IOException {
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        for (String file : List.of("docker-compose.yml", "k8s/deployment.yaml")) {
            Matcher variable = VARIABLE.matcher(Files.readString(DEPLOY.resolve(file)));
            while (variable.find()) {
                assertThat(operations).as(variable.group(1) + " (set in deploy/" + file + ")").contains("`" + variable.group(1) + "`");
            }
        }
    }

    @Test
    void nginxAcceptsTheProxyConfiguration() throws Exception {
        Path nginx = tool("/usr/sbin/nginx");
        // Compose resolves the instances' names; outside it they are replaced by an address. nginx -t
        // binds the listen port, and port 80 needs root: a free loopback port stands in for it.
        int port;
        try (var free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String configuration = Files.readString(DEPLOY.resolve("nginx/nginx.conf"));
        assertThat(configuration).contains("listen 80;").containsPattern("(?m)^http \\{\n");
        // nginx -t also creates its temp folders, by default under /var/lib/nginx, which only root
        // may write: every one of them goes into the test's folder.
        StringBuilder temp = new StringBuilder("http {\n");
        for (String kind : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            temp.append("  ").append(kind).append("_temp_path ").append(work.resolve(kind)).append(";\n");
        }
        Files.writeString(work.resolve("nginx.conf"), configuration
                .replace("televisit-a:", "127.0.0.1:").replace("televisit-b:", "127.0.0.2:")
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replaceFirst("(?m)^http \\{\n", temp.toString()));
        run(nginx.toString(), "-t", "-p", work.toString(), "-c", work.resolve("nginx.conf").toString(),
                "-g", "pid " + work.resolve("nginx.pid") + "; error_log " + work.resolve("error.log") + ";");
    }

    @Test
    void promtoolAcceptsTheConfigurationAndTheAlertRules() throws Exception {
        Path promtool = tool("/usr/bin/promtool");
        run(promtool.toString(), "check", "rules", DEPLOY.resolve("prometheus/alerts.yml").toString());
        // The rule file's path is where Compose mounts it; checked here beside the configuration.
        Files.copy(DEPLOY.resolve("prometheus/alerts.yml"), work.resolve("alerts.yml"));
        Files.writeString(work.resolve("prometheus.yml"), Files.readString(DEPLOY.resolve("prometheus/prometheus.yml"))
                .replace("/etc/prometheus/alerts.yml", "alerts.yml"));
        run(promtool.toString(), "check", "config", work.resolve("prometheus.yml").toString());
    }

    private String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path tool(String location) {
        Path path = Path.of(location);
        if (Files.isExecutable(path)) {
            return path;
        }
        assertThat(System.getenv("TELEVISIT_DEPLOY_TOOLS")).as(location + " is required here").isNotEqualTo("required");
        return Assumptions.abort(location + " is not installed here: this check is skipped (apt-get install nginx prometheus)");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
