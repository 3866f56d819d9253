package dev.kombo.interviews.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar (classifier {@code app}) against every runtime jar it merged: what the JVM, ServiceLoader and
 * Camel look up by name must have survived the merge. Each problem names the dependency jar and the entry.
 */
class FatJarContentsIT {

    private static final String VERSIONS = "META-INF/versions/";
    private static final String SERVICES = "META-INF/services/";
    private static final String CAMEL_SERVICES = SERVICES + "org/apache/camel/";

    private static ZipFile fatJar;
    private static Manifest fatManifest;
    /** The runtime jars in classpath order: the order the plain classpath (tests, exec:java) resolves them. */
    private static List<Path> runtimeJars;

    @BeforeAll
    static void openJars() throws IOException {
        Path jar = Path.of(required("kombo.fat-jar"));
        fatJar = new ZipFile(jar.toFile());
        try (JarFile asJar = new JarFile(jar.toFile())) {
            fatManifest = asJar.getManifest();
        }
        runtimeJars = Arrays.stream(Files.readString(Path.of(required("kombo.runtime-classpath"))).trim()
                        .split(java.io.File.pathSeparator))
                .map(Path::of).filter(p -> p.toString().endsWith(".jar")).toList();
        assertThat(runtimeJars).as("runtime jars listed by the dependency plugin").isNotEmpty();
    }

    @AfterAll
    static void closeJar() throws IOException {
        fatJar.close();
    }

    @Test
    void keeps_the_versioned_classes_of_every_multi_release_jar() throws IOException {
        List<String> problems = new ArrayList<>();
        boolean fatJarIsMultiRelease = isMultiRelease(fatManifest);
        for (Path dependency : runtimeJars) {
            try (JarFile jar = new JarFile(dependency.toFile())) {
                if (!isMultiRelease(jar.getManifest())) {
                    continue;
                }
                if (!fatJarIsMultiRelease) {
                    // without the attribute the JVM reads only the base classes (JSch: no Ed25519)
                    problems.add(name(dependency) + " is Multi-Release, the fat jar's manifest lacks Multi-Release: true");
                }
                jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(VERSIONS))
                        // dropped on purpose by the shade filter: module descriptors and OSGi headers
                        .filter(e -> !e.getName().endsWith("/module-info.class") && !e.getName().contains("/OSGI-INF/"))
                        .forEach(e -> {
                            ZipEntry copy = fatJar.getEntry(e.getName());
                            if (copy == null) {
                                problems.add(name(dependency) + ": " + e.getName() + " is missing from the fat jar");
                            } else if (copy.getCrc() != e.getCrc()) {
                                problems.add(name(dependency) + ": " + e.getName() + " differs in the fat jar (another jar's copy won)");
                            }
                        });
            }
        }
        assertThat(problems).as("multi-release content lost by the fat jar").isEmpty();
    }

    @Test
    void lists_every_service_loader_provider_of_every_jar() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path dependency : runtimeJars) {
            for (Map.Entry<String, String> file : files(dependency, SERVICES, false).entrySet()) {
                missingLines(dependency, file.getKey(), file.getValue(), "provider", problems);
            }
        }
        assertThat(problems).as("ServiceLoader providers lost by the fat jar").isEmpty();
    }

    @Test
    void keeps_every_entry_of_every_camel_service_file() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path dependency : runtimeJars) {
            for (Map.Entry<String, String> file : files(dependency, CAMEL_SERVICES, true).entrySet()) {
                if (!factoryClass(file.getValue()).isEmpty()) {
                    continue; // one class per file: see the test below
                }
                missingLines(dependency, file.getKey(), file.getValue(), "entry", problems);
            }
        }
        assertThat(problems).as("Camel service entries lost by the fat jar").isEmpty();
    }

    @Test
    void resolves_every_camel_factory_to_the_class_the_classpath_resolves() throws IOException {
        // Camel reads a factory file (class=...) as properties: appended copies of several jars would make the
        // last one win in the fat jar, where the plain classpath takes the first
        Map<String, String> firstOnClasspath = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path dependency : runtimeJars) {
            for (Map.Entry<String, String> file : files(dependency, CAMEL_SERVICES, true).entrySet()) {
                String expected = factoryClass(file.getValue());
                if (expected.isEmpty() || firstOnClasspath.putIfAbsent(file.getKey(), name(dependency)) != null) {
                    continue;
                }
                String merged = fatJarText(file.getKey());
                String resolved = merged == null ? null : factoryClass(merged);
                if (!expected.equals(resolved)) {
                    problems.add(name(dependency) + ": " + file.getKey() + " names " + expected
                            + ", the fat jar's copy resolves to " + resolved);
                }
            }
        }
        assertThat(problems).as("Camel factories resolved differently in the fat jar").isEmpty();
    }

    private static void missingLines(Path dependency, String entry, String text, String what, List<String> problems)
            throws IOException {
        String merged = fatJarText(entry);
        if (merged == null) {
            problems.add(name(dependency) + ": " + entry + " is missing from the fat jar");
            return;
        }
        List<String> kept = lines(merged);
        for (String line : lines(text)) {
            if (!kept.contains(line)) {
                problems.add(name(dependency) + ": " + entry + ": " + what + " '" + line + "' is missing from the fat jar's copy");
            }
        }
    }

    /** The files below {@code folder} in a jar (directly in it, or at any depth) and their text. */
    private static Map<String, String> files(Path jar, String folder, boolean nested) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                String rest = e.getName().substring(Math.min(folder.length(), e.getName().length()));
                if (!e.isDirectory() && e.getName().startsWith(folder) && !rest.isEmpty()
                        && (nested || !rest.contains("/"))) {
                    try (InputStream in = zip.getInputStream(e)) {
                        files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return files;
    }

    private static String fatJarText(String entry) throws IOException {
        ZipEntry e = fatJar.getEntry(entry);
        if (e == null) {
            return null;
        }
        try (InputStream in = fatJar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Non-blank lines without comments, trimmed: what ServiceLoader and Camel read. */
    private static List<String> lines(String text) {
        return text.lines().map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty()).toList();
    }

    /** The {@code class} property of a Camel factory file, empty for lists and catalog metadata. */
    private static String factoryClass(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties.getProperty("class", "");
    }

    private static boolean isMultiRelease(Manifest manifest) {
        return manifest != null && "true".equalsIgnoreCase(manifest.getMainAttributes().getValue(
                new Attributes.Name("Multi-Release")));
    }

    private static String name(Path jar) {
        return jar.getFileName().toString();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by failsafe: run mvn verify)").isNotBlank();
        return value;
    }
}
