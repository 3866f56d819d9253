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

    @Test
    void everyVariableSetForTheBundleIsAConfigurationKeyOrASecretTheCodeReads() {
        List<String> problems = flat(checker::environment);
        problems.addAll(checker.dockerfileVariables());
        assertThat(problems).as("variables the bundle would ignore").isEmpty();
    }

    @Test
    void everyPortTheBundleExposesPublishesOrIsProbedOnIsAConfiguredPort() {
        assertThat(flat(checker::ports)).as("ports no port key configures").isEmpty();
    }

    @Test
    void everyPathMountedIntoTheBundleIsAConfiguredFileOrFolderAndEveryFileVariableIsMounted() {
        assertThat(flat(checker::mounts)).as("mounts the bundle does not use, files it cannot find").isEmpty();
    }

    @Test
    void theImageIsBuiltFromProjectFilesAndBakesTheDefaultConfigAndRoutesIntoItsWorkingDirectory() throws Exception {
        assertThat(checker.buildInputs(containers)).as("build inputs").isEmpty();
    }

    @Test
    void theImageRunsTheShadedJarThePomBuilds() {
        assertThat(checker.jar()).as("jar").isEmpty();
    }

    @Test
    void theImageMapsAnAppCdsArchiveThatItsOwnTrainingRunMakesForTheSameJar() {
        assertThat(checker.appCds()).as("AppCDS archive").isEmpty();
    }

    @Test
    void theAppCdsCheckReportsAnArchiveMadeForAnotherJarCollectorOrPathOrHiddenByAVolume() throws Exception {
        ContainerFilesChecker wrong = new ContainerFilesChecker(ROOT, Dockerfile.parse("docker/Wrong.Dockerfile", """
                FROM maven:3.9-eclipse-temurin-17 AS build
                FROM eclipse-temurin:17-jre
                WORKDIR /app
                RUN java -XX:+UseG1GC -XX:ArchiveClassesAtExit=/app/work/app.jsa -jar /app/other.jar --run-once
                COPY --from=build /src/target/kombo-interview-routes-0.1.0-SNAPSHOT-app.jar /app/bundle.jar
                VOLUME ["/app/work"]
                ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:SharedArchiveFile=work/bundle.jsa", "-jar", "/app/bundle.jar"]
                """));
        String problems = String.join("\n", wrong.appCds());
        assertThat(problems)
                .contains("line 4: the training run makes /app/work/app.jsa, but the ENTRYPOINT maps work/bundle.jsa")
                .contains("runs -jar /app/other.jar, but the ENTRYPOINT runs -jar /app/bundle.jar")
                .contains("uses the collector [-XX:+UseG1GC], the ENTRYPOINT [-XX:+UseParallelGC]")
                .contains("comes before line 5 copies the jar")
                .contains("the ENTRYPOINT maps work/bundle.jsa, which line 6 VOLUME /app/work hides");
        assertThat(wrong.appCds()).hasSize(5);

        ContainerFilesChecker unused = new ContainerFilesChecker(ROOT, Dockerfile.parse("docker/Unused.Dockerfile", """
                FROM eclipse-temurin:17-jre
                RUN java -XX:ArchiveClassesAtExit=/app/bundle.jsa -jar /app/bundle.jar --run-once
                ENTRYPOINT ["java", "-jar", "/app/bundle.jar"]
                """));
        assertThat(unused.appCds()).containsExactly("docker/Unused.Dockerfile line 2: RUN makes the AppCDS archive "
                + "/app/bundle.jsa, but the ENTRYPOINT never maps it");
    }

    @Test
    void theImageRunsAsANonRootUser() {
        assertThat(checker.user()).as("user").isEmpty();
    }

    @Test
    void composeFilesReferOnlyToServicesVolumesSecretsAndConfigsTheyDefine() {
        assertThat(referenceProblems).as("dangling references").isEmpty();
    }

    @Test
    void theChecksReportEveryMistakeInAComposeFileNamingFileAndItem() {
        ContainerYaml.Read read = checker.read(ROOT.resolve("docker/mistakes.yaml"), """
                services:
                  bundle:
                    build: {context: .., dockerfile: docker/Dockerfile}
                    environment:
                      KOMBO_SYNC_PAGESIZE: "100"                               # typo
                      KOMBO_SYNC_PAGE_SIZE: "100"
                      KOMBO_INTEGRATIONS: acme
                      KOMBO_INTEGRATION_INITECH_ID: initech                    # not in KOMBO_INTEGRATIONS
                      KOMBO_SINK_SFTP_KNOWN_HOSTS_FILE: /etc/ssh/known_hosts   # not mounted
                      JMS_BROKER_URL: tcp://broker:61616                       # no such service
                    ports: ["8081:8081", "8080:8080"]                          # 8081: no port key
                    volumes: [state:/app/state, work:/app/work]                # state: undefined, unused
                    secrets: [api_key]                                         # undefined, unused
                    depends_on: [db]                                           # no such service
                volumes:
                  work:
                """);
        Container bundle = read.containers().get(0);
        List<String> problems = new ArrayList<>(read.referenceProblems());
        problems.addAll(checker.environment(bundle));
        problems.addAll(checker.ports(bundle));
        problems.addAll(checker.mounts(bundle));

        assertThat(problems).allMatch(p -> p.startsWith("docker/mistakes.yaml service 'bundle': "));
        assertThat(String.join("\n", problems))
                .contains("environment variable KOMBO_SYNC_PAGESIZE is neither a key")
                .contains("environment variable KOMBO_INTEGRATION_INITECH_ID is neither")
                .contains("uses port 8081")
                .contains("mounted at /app/state")
                .contains("volume 'state' is not defined")
                .contains("secret 'api_key' is not defined")
                .contains("secret api_key is mounted at /run/secrets/api_key")
                .contains("depends_on 'db'")
                .contains("names host 'broker'")
                .contains("KOMBO_SINK_SFTP_KNOWN_HOSTS_FILE=/etc/ssh/known_hosts names a file that is neither mounted")
                .doesNotContain("KOMBO_SYNC_PAGE_SIZE ", "KOMBO_INTEGRATIONS ", "port 8080", "volume work");
        assertThat(problems).hasSize(10);
    }

    @Test
    void theSameChecksReadKubernetesManifestsUnderDocker() {
        ContainerYaml.Read read = checker.read(ROOT.resolve("docker/k8s/mistakes.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: kombo}
                spec:
                  template:
                    spec:
                      containers:
                        - name: bundle
                          image: registry.example.com/team/kombo-interview-routes:1.0
                          env:
                            - {name: KOMBO_API_KEY_FILE, value: /var/run/secrets/kombo/api-key}
                            - {name: KOMBO_HTTPS_PORT, value: "8443"}          # no such key
                            - {name: KOMBO_CLUSTER_NODE_ID, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                            - {name: KOMBO_CLUSTER_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}  # no such key
                          ports: [{containerPort: 8080, name: http}, {containerPort: 8443}, {containerPort: 9876, name: management}]   # 8443: no port key
                          livenessProbe: {httpGet: {path: /observe/health/live, port: 9876}}
                          readinessProbe: {httpGet: {path: /ready, port: http}}
                          startupProbe: {httpGet: {path: /observe/health/live, port: health}}   # no port named health
                          volumeMounts:
                            - {name: kombo-secrets, mountPath: /var/run/secrets/kombo}
                            - {name: tmp, mountPath: /tmp}                     # the JVM's java.io.tmpdir
                            - {name: cache, mountPath: /var/cache/kombo}       # nothing the bundle uses
                        - name: log-shipper                                    # not the bundle: not checked
                          image: busybox
                          env: [{name: ANYTHING, value: goes}]
                """);
        List<String> problems = new ArrayList<>();
        for (Container container : read.containers()) {
            problems.addAll(checker.environment(container));
            problems.addAll(checker.ports(container));
            problems.addAll(checker.mounts(container));
        }
        String bundle = "docker/k8s/mistakes.yaml Deployment 'kombo' container 'bundle': ";
        assertThat(String.join("\n", problems))
                .contains(bundle + "environment variable KOMBO_HTTPS_PORT is neither a key")
                .contains(bundle + "environment variable KOMBO_CLUSTER_NAMESPACE is neither a key")
                .contains(bundle + "containerPort 8443 uses port 8443")
                .contains(bundle + "startupProbe httpGet port health uses port health")
                .contains(bundle + "volumeMount cache is mounted at /var/cache/kombo")
                .doesNotContain("KOMBO_CLUSTER_NODE_ID", "port management", "port http ", "mounted at /tmp");
        assertThat(problems).hasSize(5);
    }

    @Test
    void onlyTheJvmsOwnTemporaryFolderIsAcceptedOutsideTheConfiguredPaths() {
        ContainerYaml.Read read = checker.read(ROOT.resolve("docker/k8s/mistakes.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: kombo}
                spec:
                  containers:
                    - name: bundle
                      image: kombo-interview-routes:local
                      volumeMounts:
                        - {name: tmp, mountPath: /tmp/}
                        - {name: below, mountPath: /tmp/vertx-cache}         # not the temporary folder itself
                        - {name: other, mountPath: /var/tmp}
                """);
        List<String> problems = checker.mounts(read.containers().get(0));
        assertThat(checker.jvmTempDir()).isEqualTo("/tmp");
        assertThat(String.join("\n", problems))
                .contains("volumeMount below is mounted at /tmp/vertx-cache")
                .contains("volumeMount other is mounted at /var/tmp")
                .doesNotContain("volumeMount tmp ");
        assertThat(problems).hasSize(2);
    }

    @Test
    void theChecksReportEveryMistakeInADockerfileNamingLineAndItem() throws Exception {
        ContainerFilesChecker wrong = new ContainerFilesChecker(ROOT, Dockerfile.parse("docker/Wrong.Dockerfile", """
                FROM maven:3.9-eclipse-temurin-17 AS build
                WORKDIR /src
                COPY pom.xml .
                COPY contract src/main/resources/kombo-api
                RUN mvn -B package
                
                FROM eclipse-temurin:17-jre
                WORKDIR /opt/app
                COPY --from=build /src/target/kombo-interview-routes-0.1.0-SNAPSHOT.jar app.jar
                COPY config config
                ENV KOMBO_SYNC_PAGESIZE=100 \\
                    KOMBO_HTTP_HOST=0.0.0.0
                EXPOSE 8081
                HEALTHCHECK CMD curl -f http://127.0.0.1:${KOMBO_MANAGMENT_PORT:-9876}/observe/health/live
                USER root
                ENTRYPOINT ["java", "-jar", "/opt/app/bundle.jar"]
                """));
        Container image = wrong.image();
        List<String> problems = new ArrayList<>(wrong.environment(image));
        problems.addAll(wrong.dockerfileVariables());
        problems.addAll(wrong.ports(image));
        problems.addAll(wrong.buildInputs(List.of(image)));
        problems.addAll(wrong.jar());
        problems.addAll(wrong.user());

        assertThat(problems).allMatch(p -> p.startsWith("docker/Wrong.Dockerfile"));
        assertThat(String.join("\n", problems))
                .contains("environment variable KOMBO_SYNC_PAGESIZE is neither")
                .contains("line 14: HEALTHCHECK refers to KOMBO_MANAGMENT_PORT")
                .contains("line 13 EXPOSE 8081 uses port 8081")
                .contains("line 4: COPY contract does not exist")
                .contains("the bundle reads routes from its working directory /opt/app, but the final stage copies no routes")
                .contains("line 9: copies kombo-interview-routes-0.1.0-SNAPSHOT.jar from the build stage, but the pom builds "
                        + "kombo-interview-routes-0.1.0-SNAPSHOT-app.jar")
                .contains("ENTRYPOINT runs /opt/app/bundle.jar, but the jar is copied to app.jar")
                .contains("line 15: USER root is root")
                .doesNotContain("KOMBO_HTTP_HOST", "config/application.properties from its working directory");
        assertThat(problems).hasSize(8);
    }

    private static List<String> flat(Function<Container, List<String>> check) {
        List<String> problems = new ArrayList<>();
        containers.forEach(container -> problems.addAll(check.apply(container)));
        return problems;
    }
}
