package dev.kombo.interviews.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.ops.ContainerYaml.Container;

/**
 * The container files (docker/Dockerfile, docker/compose.yaml and any other YAML under docker/) against what the
 * bundle really reads: config/application.properties, the secrets in the code, the pom. No Docker engine needed.
 */
class ContainerFilesTest {

    /** Surefire runs tests from the project folder. */
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static ContainerFilesChecker checker;
    /** The image itself, then every container of every YAML file under docker/. */
    private static final List<Container> containers = new ArrayList<>();
    private static final List<String> referenceProblems = new ArrayList<>();

    @BeforeAll
    static void readContainerFiles() throws Exception {
        checker = new ContainerFilesChecker(ROOT);
        containers.add(checker.image());
        for (Path file : checker.yamlFiles()) {
            ContainerYaml.Read read = checker.read(file);
            containers.addAll(read.containers());
            referenceProblems.addAll(read.referenceProblems());
        }
    }

    @Test
    void theComposeFileRunsTheBundleImageAsTwoReplicasAndSandboxNextToBrokerPostgresAndSftpServer() {
        Map<String, Boolean> bundleByService = containers.stream()
                .filter(c -> c.where().startsWith("docker/compose.yaml"))
                .collect(Collectors.toMap(Container::where, Container::bundle));
        assertThat(bundleByService).containsExactlyInAnyOrderEntriesOf(Map.of(
                "docker/compose.yaml service 'bundle-0'", true,
                "docker/compose.yaml service 'bundle-1'", true,
                "docker/compose.yaml service 'kombo-sandbox'", true,
                "docker/compose.yaml service 'artemis'", false,
                "docker/compose.yaml service 'postgres'", false,
                "docker/compose.yaml service 'sftp'", false));
    }

    @Test
    void theComposeReplicasHaveTheirOwnNamesHostPortsAndWorkVolumesAndKeepTheStateInPostgres() throws Exception {
        Map<String, Object> services = map(yaml(ROOT.resolve("docker/compose.yaml")).get(0).get("services"));
        List<Map<String, Object>> replicas = List.of(map(services.get("bundle-0")), map(services.get("bundle-1")));

        assertThat(replicas.stream().map(r -> map(r.get("environment")).get("KOMBO_CLUSTER_NODE_ID")).toList())
                .doesNotHaveDuplicates().doesNotContainNull();
        assertThat(replicas.stream().flatMap(r -> list(r.get("ports")).stream())
                .map(port -> String.valueOf(port).replaceAll(":[0-9]+$", "")).toList()).doesNotHaveDuplicates();
        assertThat(replicas.stream().map(r -> list(r.get("volumes")).get(0)).toList()).doesNotHaveDuplicates();
        assertThat(replicas).allSatisfy(r -> assertThat(map(r.get("environment")))
                .containsEntry("KOMBO_STATE_STORE", "jdbc").containsEntry("KOMBO_UPDATE_IDEMPOTENCY_STORE", "shared")
                .containsKey("KOMBO_STATE_JDBC_URL"));
    }

    @Test
    void theKubernetesPostgresOverlayRemovesTheReadWriteManyClaimAndEverythingTheBasePutOnIt() throws Exception {
        String claimName = String.valueOf(map(yaml(ROOT.resolve("docker/k8s/shared-pvc.yaml")).get(0).get("metadata"))
                .get("name"));
        Map<String, Object> base = podSpec(yaml(ROOT.resolve("docker/k8s/statefulset.yaml")).get(0));
        String volume = list(base.get("volumes")).stream().map(ContainerFilesTest::map)
                .filter(v -> v.get("persistentVolumeClaim") != null
                        && claimName.equals(map(v.get("persistentVolumeClaim")).get("claimName")))
                .map(v -> String.valueOf(v.get("name"))).findFirst().orElseThrow();
        Map<String, Object> baseBundle = map(list(base.get("containers")).get(0));
        String mountPath = list(baseBundle.get("volumeMounts")).stream().map(ContainerFilesTest::map)
                .filter(m -> volume.equals(m.get("name"))).map(m -> String.valueOf(m.get("mountPath"))).findFirst()
                .orElseThrow();
        String onTheClaim = Path.of("/app").relativize(Path.of(mountPath)) + "/";
        List<String> baseVariablesOnTheClaim = list(baseBundle.get("env")).stream().map(ContainerFilesTest::map)
                .filter(e -> String.valueOf(e.get("value")).startsWith(onTheClaim)).map(e -> String.valueOf(e.get("name")))
                .toList();

        Path overlay = ROOT.resolve("docker/k8s-postgres");
        Map<String, Object> kustomization = yaml(overlay.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> patches = list(kustomization.get("patches")).stream().map(ContainerFilesTest::map)
                .toList();
        Map<String, Object> patch = podSpec(yaml(overlay.resolve(String.valueOf(patches.get(0).get("path")))).get(0));
        Map<String, Object> bundle = map(list(patch.get("containers")).get(0));

        assertThat(list(kustomization.get("resources"))).containsExactly("../k8s");
        assertThat(String.valueOf(patches.get(1).get("patch"))).contains("$patch: delete", "kind: PersistentVolumeClaim",
                "name: " + claimName);
        assertThat(baseVariablesOnTheClaim).isNotEmpty();
        assertThat(removed(bundle.get("env"), "name")).containsExactlyInAnyOrderElementsOf(baseVariablesOnTheClaim);
        assertThat(removed(bundle.get("volumeMounts"), "mountPath")).containsExactly(mountPath);
        assertThat(removed(patch.get("volumes"), "name")).containsExactly(volume);
        assertThat(list(bundle.get("env")).stream().map(ContainerFilesTest::map)
                .filter(e -> "KOMBO_STATE_STORE".equals(e.get("name"))).map(e -> e.get("value")).toList())
                .containsExactly("jdbc");
        assertThat(containers).as("the overlay's bundle is checked like every other one").anyMatch(c -> c.bundle()
                && c.where().equals("docker/k8s-postgres/statefulset-jdbc.yaml StatefulSet 'kombo-interview-routes' "
                        + "container 'bundle'"));
    }

    private static List<Map<String, Object>> yaml(Path file) throws Exception {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                new org.yaml.snakeyaml.LoaderOptions())).loadAll(java.nio.file.Files.readString(file))) {
            documents.add(map(document));
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return (List<Object>) node;
    }

    private static Map<String, Object> podSpec(Map<String, Object> statefulSet) {
        return map(map(map(statefulSet.get("spec")).get("template")).get("spec"));
    }

    /** The entries a strategic-merge patch deletes ({@code $patch: delete}), by their merge key. */
    private static List<String> removed(Object entries, String mergeKey) {
        return list(entries).stream().map(ContainerFilesTest::map).filter(e -> "delete".equals(e.get("$patch")))
                .map(e -> String.valueOf(e.get(mergeKey))).toList();
    }

    private static List<String> flat(Function<Container, List<String>> check) {
        List<String> problems = new ArrayList<>();
        containers.forEach(container -> problems.addAll(check.apply(container)));
        return problems;
    }
}
