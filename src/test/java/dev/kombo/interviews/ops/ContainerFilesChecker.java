package dev.kombo.interviews.ops;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import dev.kombo.interviews.ops.ContainerYaml.Container;
import dev.kombo.interviews.ops.ContainerYaml.Mount;
import dev.kombo.interviews.ops.ContainerYaml.Port;

/**
 * Checks the container files against what the bundle really reads: {@code docker/Dockerfile} and every YAML file
 * under {@code docker/} (Compose files today, Kubernetes manifests later: {@link ContainerYaml} reads both).
 * Each check returns its problems, each naming the file and the offending item; none means the check passed.
 */
final class ContainerFilesChecker {

    static final String DOCKERFILE = "docker/Dockerfile";

    private final Path root;
    private final BundleSettings settings;
    private final Dockerfile dockerfile;
    private final String jarName;
    private final ContainerYaml yaml;

    ContainerFilesChecker(Path projectRoot) throws Exception {
        this(projectRoot, Dockerfile.parse(DOCKERFILE, Files.readString(projectRoot.resolve(DOCKERFILE))));
    }

    /** Checks against another Dockerfile text (to prove the checks catch mistakes). */
    ContainerFilesChecker(Path projectRoot, Dockerfile dockerfile) throws Exception {
        this.root = projectRoot.toAbsolutePath().normalize();
        this.settings = BundleSettings.load(root);
        this.dockerfile = dockerfile;
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        String artifactId = child(pom.getDocumentElement(), "artifactId");
        String classifier = pom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().trim();
        this.jarName = artifactId + "-" + child(pom.getDocumentElement(), "version") + "-" + classifier + ".jar";
        this.yaml = new ContainerYaml(root, root.resolve(DOCKERFILE), artifactId);
    }

    /** Every {@code *.yaml} / {@code *.yml} file below {@code docker/}, but not in the operator's git-ignored secrets. */
    List<Path> yamlFiles() throws IOException {
        Path secrets = root.resolve("docker/secrets");
        try (Stream<Path> files = Files.walk(root.resolve("docker"))) {
            return files.filter(f -> !f.startsWith(secrets))
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    ContainerYaml.Read read(Path yamlFile) throws IOException {
        return yaml.read(yamlFile);
    }

    ContainerYaml.Read read(Path asFile, String text) {
        return yaml.read(asFile, text);
    }

    /** The image itself as a container: its ENV, EXPOSEd and health-checked ports, VOLUMEs and WORKDIR. */
    Container image() {
        Dockerfile.Stage stage = dockerfile.finalStage();
        Map<String, String> env = stage.env();
        List<Port> ports = new ArrayList<>();
        for (Dockerfile.Instruction expose : stage.all("EXPOSE")) {
            for (String port : Dockerfile.Stage.substitute(expose.arguments(), env).split("\\s+")) {
                ports.add(new Port("line " + expose.line() + " EXPOSE " + port, port.replaceAll("/(tcp|udp)$", "")));
            }
        }
        for (Dockerfile.Instruction check : stage.all("HEALTHCHECK")) {
            ports.addAll(ContainerYaml.urlPorts("line " + check.line() + " HEALTHCHECK",
                    Dockerfile.Stage.substitute(check.arguments(), env)));
        }
        List<Mount> mounts = new ArrayList<>();
        for (Dockerfile.Instruction volume : stage.all("VOLUME")) {
            for (String target : Dockerfile.Stage.execForm(volume.arguments())) {
                mounts.add(new Mount(target, "line " + volume.line() + " VOLUME"));
            }
        }
        return new Container(dockerfile.name + " (final stage)", true, env, ports, mounts, stage.workdir(), null, List.of());
    }

    // ---------------------------------------------------------------------------------------------- checks

    /** Every variable set for the bundle is a configuration key (by Camel's naming) or a secret the code reads. */
    List<String> environment(Container container) {
        List<String> problems = new ArrayList<>();
        if (!container.bundle()) {
            return problems;
        }
        Map<String, String> known = settings.envNames(effectiveEnv(container));
        for (String name : container.env().keySet()) {
            if (!known.containsKey(name)) {
                problems.add(container.where() + ": environment variable " + name + " is " + unknownVariable());
            }
        }
        container.unchecked().forEach(what -> problems.add(container.where() + ": " + what));
        return problems;
    }

    /** The variables the final stage refers to (e.g. the HEALTHCHECK's port) are ones the bundle reads. */
    List<String> dockerfileVariables() {
        List<String> problems = new ArrayList<>();
        Map<String, String> known = settings.envNames(dockerfile.finalStage().env());
        for (Dockerfile.Instruction instruction : dockerfile.finalStage().instructions) {
            if (instruction.keyword().equals("RUN") || instruction.keyword().equals("ENV")) {
                continue;
            }
            for (String name : Dockerfile.Stage.variables(instruction.arguments())) {
                if (!known.containsKey(name)) {
                    problems.add(dockerfile.name + " line " + instruction.line() + ": " + instruction.keyword()
                            + " refers to " + name + ", which is " + unknownVariable());
                }
            }
        }
        return problems;
    }

    /** Every port the bundle EXPOSEs, publishes, or is probed on is the value of a configured port key. */
    List<String> ports(Container container) {
        List<String> problems = new ArrayList<>();
        if (!container.bundle()) {
            return problems;
        }
        Map<String, String> configured = settings.ports(effectiveEnv(container));
        for (Port port : container.ports()) {
            if (!configured.containsValue(port.port())) {
                problems.add(container.where() + ": " + port.declared() + " uses port " + port.port()
                        + ", which no port key configures (" + configured + ")");
            }
        }
        return problems;
    }

    /**
     * Every path mounted into the bundle is (inside, or the folder of) a file or folder the configuration names,
     * resolved against the working directory, or exactly the JVM's temporary folder ({@link #jvmTempDir()}, which
     * a read-only root file system needs writable); it never hides the working directory itself. Every
     * {@code …-file} the container sets names a mounted file, or one the image bakes from the project.
     */
    List<String> mounts(Container container) {
        List<String> problems = new ArrayList<>();
        if (!container.bundle()) {
            return problems;
        }
        Map<String, String> env = effectiveEnv(container);
        Path workdir = Path.of(container.workdir() != null ? container.workdir() : dockerfile.finalStage().workdir());
        Map<String, Path> configured = settings.paths(env, workdir);
        Path temp = Path.of(jvmTempDir());
        for (Mount mount : container.mounts()) {
            Path target = workdir.resolve(mount.target()).normalize();
            boolean used = target.equals(temp) || (!target.equals(workdir) && configured.values().stream()
                    .anyMatch(path -> path.startsWith(target) || target.startsWith(path)));
            if (!used) {
                problems.add(container.where() + ": " + mount.what() + " is mounted at " + mount.target()
                        + ", which is none of the bundle's configured files or folders " + configured.values()
                        + " nor the JVM's temporary folder " + temp);
            }
        }
        Map<String, String> effective = settings.effective(env);
        settings.envNames(env).forEach((name, key) -> {
            String value = container.env().get(name);
            if (BundleSettings.isFileKey(key) && value != null && !value.isBlank()) {
                Path file = workdir.resolve(value).normalize();
                boolean mounted = container.mounts().stream()
                        .anyMatch(m -> file.startsWith(workdir.resolve(m.target()).normalize()));
                if (!mounted && !bakedFromProject(file)) {
                    problems.add(container.where() + ": " + name + "=" + effective.get(key)
                            + " names a file that is neither mounted into the container nor baked into the image");
                }
            }
        });
        return problems;
    }

    /**
     * The folder the image's JVM uses as {@code java.io.tmpdir}: the ENTRYPOINT's {@code -Djava.io.tmpdir=}, else
     * Linux's default {@code /tmp}. The JVM (perf data) and Vert.x (its file cache, {@code vertx-cache}) write there.
     */
    String jvmTempDir() {
        List<Dockerfile.Instruction> entrypoints = dockerfile.finalStage().all("ENTRYPOINT");
        List<String> words = entrypoints.isEmpty() ? List.of()
                : Dockerfile.Stage.execForm(entrypoints.get(entrypoints.size() - 1).arguments());
        String temp = "/tmp";
        for (String word : words) {
            if (word.startsWith("-Djava.io.tmpdir=")) {
                temp = word.substring("-Djava.io.tmpdir=".length());
            }
        }
        return temp;
    }

    /** COPY sources exist in the project and reach the builder; bundle images are built from the project root. */
    List<String> buildInputs(List<Container> containers) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> ignore = Files.exists(root.resolve(".dockerignore"))
                ? Files.readAllLines(root.resolve(".dockerignore")) : List.of();
        for (Dockerfile.Stage stage : dockerfile.stages) {
            for (Dockerfile.Copy copy : stage.copies()) {
                if (copy.from() != null) {
                    continue;
                }
                for (String source : copy.sources()) {
                    String at = dockerfile.name + " line " + copy.line() + ": COPY " + source;
                    if (!exists(source)) {
                        problems.add(at + " does not exist in the project");
                    } else if (dockerIgnored(ignore, source)) {
                        problems.add(at + " is excluded from the build context by .dockerignore");
                    }
                }
            }
        }
        String workdir = dockerfile.finalStage().workdir();
        for (String input : List.of(BundleSettings.configFile(),
                BundleSettings.withoutGlob(settings.effective(dockerfile.finalStage().env()).get(BundleSettings.ROUTES_PATTERN)))) {
            if (!bakedFromProject(Path.of(workdir).resolve(input).normalize())) {
                problems.add(dockerfile.name + ": the bundle reads " + input + " from its working directory "
                        + workdir + ", but the final stage copies no " + input + " there");
            }
        }
        for (Container container : containers) {
            if (container.bundle() && container.buildContext() != null && !container.buildContext().equals(root)) {
                problems.add(container.where() + ": builds " + DOCKERFILE + " with context '"
                        + root.relativize(container.buildContext()) + "', but its COPY paths are relative to the project root");
            }
        }
        return problems;
    }

    /** The image runs the jar the pom's shade plugin builds ({@code artifactId-version-classifier.jar}). */
    List<String> jar() {
        List<String> problems = new ArrayList<>();
        Dockerfile.Stage stage = dockerfile.finalStage();
        String copied = null;
        for (Dockerfile.Copy copy : stage.copies()) {
            for (String source : copy.sources()) {
                if (copy.from() != null && dockerfile.isStage(copy.from()) && source.endsWith(".jar")) {
                    String file = source.substring(source.lastIndexOf('/') + 1);
                    if (!file.equals(jarName)) {
                        problems.add(dockerfile.name + " line " + copy.line() + ": copies " + file
                                + " from the build stage, but the pom builds " + jarName);
                    }
                    copied = copy.destination().endsWith("/") ? copy.destination() + file : copy.destination();
                }
            }
        }
        if (copied == null) {
            problems.add(dockerfile.name + ": the final stage copies no jar from the build stage (expected " + jarName + ")");
            return problems;
        }
        List<Dockerfile.Instruction> entrypoints = stage.all("ENTRYPOINT");
        List<String> words = entrypoints.isEmpty() ? List.of()
                : Dockerfile.Stage.execForm(entrypoints.get(entrypoints.size() - 1).arguments());
        int jarFlag = words.indexOf("-jar");
        String run = jarFlag >= 0 && jarFlag + 1 < words.size()
                ? Path.of(stage.workdir()).resolve(words.get(jarFlag + 1)).normalize().toString() : null;
        if (!Path.of(stage.workdir()).resolve(copied).normalize().toString().equals(run)) {
            problems.add(dockerfile.name + ": ENTRYPOINT runs " + (run == null ? "no -jar" : run)
                    + ", but the jar is copied to " + copied);
        }
        return problems;
    }

    /**
     * An AppCDS archive the ENTRYPOINT maps ({@code -XX:SharedArchiveFile=X}) is made in the final stage by a
     * training run ({@code -XX:ArchiveClassesAtExit=X}) after the jar is copied, with the same {@code -jar} path
     * and garbage collector (else the JVM ignores the archive), and outside every VOLUME (which would hide it);
     * an archive made but never mapped is a mistake too.
     */
    List<String> appCds() {
        List<String> problems = new ArrayList<>();
        Dockerfile.Stage stage = dockerfile.finalStage();
        List<Dockerfile.Instruction> entrypoints = stage.all("ENTRYPOINT");
        List<String> entrypoint = entrypoints.isEmpty() ? List.of()
                : Dockerfile.Stage.execForm(entrypoints.get(entrypoints.size() - 1).arguments());
        String mapped = option(entrypoint, "-XX:SharedArchiveFile=");
        Dockerfile.Instruction training = null;
        List<String> trainingWords = List.of();
        for (Dockerfile.Instruction run : stage.all("RUN")) {
            List<String> words = Dockerfile.Stage.execForm(run.arguments());
            if (option(words, "-XX:ArchiveClassesAtExit=") != null) {
                training = run;
                trainingWords = words;
            }
        }
        if (mapped == null) {
            if (training != null) {
                problems.add(dockerfile.name + " line " + training.line() + ": RUN makes the AppCDS archive "
                        + option(trainingWords, "-XX:ArchiveClassesAtExit=") + ", but the ENTRYPOINT never maps it");
            }
            return problems;
        }
        String where = dockerfile.name + ": the ENTRYPOINT maps " + mapped;
        if (training == null) {
            problems.add(where + ", but no RUN of the final stage makes it (-XX:ArchiveClassesAtExit=" + mapped + ")");
            return problems;
        }
        String made = option(trainingWords, "-XX:ArchiveClassesAtExit=");
        String at = dockerfile.name + " line " + training.line() + ": the training run ";
        if (!Path.of(stage.workdir()).resolve(made).normalize().equals(Path.of(stage.workdir()).resolve(mapped).normalize())) {
            problems.add(at + "makes " + made + ", but the ENTRYPOINT maps " + mapped);
        }
        String runJar = after(trainingWords, "-jar");
        String entryJar = after(entrypoint, "-jar");
        if (runJar == null || !runJar.equals(entryJar)) {
            problems.add(at + "runs -jar " + runJar + ", but the ENTRYPOINT runs -jar " + entryJar
                    + " (the archive is only valid for the same class path)");
        }
        List<String> runGc = trainingWords.stream().filter(w -> w.matches("-XX:\\+Use\\w+GC")).toList();
        List<String> entryGc = entrypoint.stream().filter(w -> w.matches("-XX:\\+Use\\w+GC")).toList();
        if (!runGc.equals(entryGc)) {
            problems.add(at + "uses the collector " + runGc + ", the ENTRYPOINT " + entryGc);
        }
        for (Dockerfile.Copy copy : stage.copies()) {
            boolean copiesJar = copy.from() != null && copy.sources().stream().anyMatch(source -> source.endsWith(".jar"));
            if (copiesJar && copy.line() > training.line()) {
                problems.add(at + "comes before line " + copy.line() + " copies the jar");
            }
        }
        Path archive = Path.of(stage.workdir()).resolve(mapped).normalize();
        for (Dockerfile.Instruction volume : stage.all("VOLUME")) {
            for (String target : Dockerfile.Stage.execForm(volume.arguments())) {
                if (archive.startsWith(Path.of(stage.workdir()).resolve(target).normalize())) {
                    problems.add(where + ", which line " + volume.line() + " VOLUME " + target + " hides");
                }
            }
        }
        return problems;
    }

    /** The value of the first word that starts with {@code prefix}, or null. */
    private static String option(List<String> words, String prefix) {
        return words.stream().filter(w -> w.startsWith(prefix)).map(w -> w.substring(prefix.length())).findFirst()
                .orElse(null);
    }

    private static String after(List<String> words, String flag) {
        int at = words.indexOf(flag);
        return at >= 0 && at + 1 < words.size() ? words.get(at + 1) : null;
    }

    /** The final stage switches to a user that is not root. */
    List<String> user() {
        Dockerfile.Instruction user = dockerfile.finalStage().user();
        if (user == null) {
            return List.of(dockerfile.name + ": the final stage has no USER, so the bundle runs as root");
        }
        String name = user.arguments().split(":")[0].trim();
        if (name.equals("root") || name.equals("0")) {
            return List.of(dockerfile.name + " line " + user.line() + ": USER " + user.arguments() + " is root");
        }
        return List.of();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The image's ENV under the container's own variables, as the bundle sees them. */
    private Map<String, String> effectiveEnv(Container container) {
        Map<String, String> env = new LinkedHashMap<>(dockerfile.finalStage().env());
        env.putAll(container.env());
        return env;
    }

    /** Whether a COPY of the final stage puts a file from the project at {@code path}. */
    private boolean bakedFromProject(Path path) {
        Dockerfile.Stage stage = dockerfile.finalStage();
        for (Dockerfile.Copy copy : stage.copies()) {
            Path destination = Path.of(stage.workdir()).resolve(copy.destination()).normalize();
            if (copy.from() == null && copy.sources().size() == 1 && path.startsWith(destination)
                    && Files.exists(root.resolve(copy.sources().get(0)).resolve(destination.relativize(path).toString()))) {
                return true;
            }
        }
        return false;
    }

    private boolean exists(String source) throws IOException {
        if (!source.contains("*") && !source.contains("?")) {
            return Files.exists(root.resolve(source));
        }
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(f -> matcher.matches(root.relativize(f)));
        }
    }

    /** .dockerignore semantics for a path: the last matching pattern wins, a match on a parent folder counts. */
    private static boolean dockerIgnored(List<String> patterns, String source) {
        boolean ignored = false;
        for (String line : patterns) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean include = pattern.startsWith("!");
            String glob = (include ? pattern.substring(1) : pattern).replaceAll("^/+|/+$", "");
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (Path p = Path.of(source).normalize(); p != null; p = p.getParent()) {
                if (matcher.matches(p)) {
                    ignored = !include;
                    break;
                }
            }
        }
        return ignored;
    }

    private String unknownVariable() {
        return "neither a key of " + settings.propertiesFile() + " (upper case, '.' and '-' as '_')"
                + " nor a secret the bundle reads (BundleConfiguration.SECRETS, each also as <NAME>_FILE)";
    }

    private static String child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        throw new IllegalStateException("pom.xml has no <" + tag + ">");
    }
}
