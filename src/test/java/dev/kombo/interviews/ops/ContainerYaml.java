package dev.kombo.interviews.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The containers a YAML file under {@code docker/} describes, whatever its shape: the services of a Compose file,
 * or the containers of Kubernetes manifests (any document with {@code containers} / {@code initContainers}).
 * A container is the bundle when it is built from the project's Dockerfile or runs an image named like the
 * project's artifact. For a Compose file it also reports every reference to something the file does not define.
 */
final class ContainerYaml {

    /** A port the container listens on: where it was declared, and the port (a number unless mistyped). */
    record Port(String declared, String port) {
    }

    /** A path mounted into the container, and what is mounted there. */
    record Mount(String target, String what) {
    }

    /**
     * @param env        variables this file sets (values interpolated; a Compose {@code ${VAR:-default}} gives its
     *                   default), without the image's own
     * @param workdir    the working directory the file sets, or null for the image's
     * @param buildContext the Compose build context, or null when the image is not built here
     * @param unchecked  constructs the checks cannot see through (e.g. {@code env_file}), to be reported
     */
    record Container(String where, boolean bundle, Map<String, String> env, List<Port> ports, List<Mount> mounts,
            String workdir, Path buildContext, List<String> unchecked) {
    }

    record Read(List<Container> containers, List<String> referenceProblems) {
    }

    private static final Pattern INTERPOLATION =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern URL = Pattern.compile("\\b[a-z][a-z0-9+.-]*://([^/:@\\s\"']+)(?::(\\d+))?");

    private final Path projectRoot;
    private final Path dockerfile;
    private final String imageName;

    /** {@code imageName}: the bundle's image name without registry and tag (the pom's artifactId). */
    ContainerYaml(Path projectRoot, Path dockerfile, String imageName) {
        this.projectRoot = projectRoot;
        this.dockerfile = dockerfile.normalize();
        this.imageName = imageName;
    }

    Read read(Path file) throws IOException {
        return read(file, Files.readString(file));
    }

    /** Reads {@code text} as if it were {@code file} (relative paths in it resolve against its folder). */
    Read read(Path file, String text) {
        String where = projectRoot.relativize(file.toAbsolutePath().normalize()).toString();
        List<Container> containers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (!(document instanceof Map<?, ?> root)) {
                continue;
            }
            if (root.get("services") instanceof Map<?, ?> services) {
                readCompose(where, file, root, services, containers, problems);
            } else {
                String kind = String.valueOf(root.get("kind"));
                String name = root.get("metadata") instanceof Map<?, ?> metadata ? String.valueOf(metadata.get("name")) : "?";
                findKubernetesContainers(where + " " + kind + " '" + name + "'", root, containers);
            }
        }
        return new Read(containers, problems);
    }

    // ---------------------------------------------------------------------------------------------- Compose

    private void readCompose(String where, Path file, Map<?, ?> root, Map<?, ?> services, List<Container> containers,
            List<String> problems) {
        Set<String> defined = names(services);
        Set<String> volumes = names(root.get("volumes"));
        Set<String> secrets = names(root.get("secrets"));
        Set<String> configs = names(root.get("configs"));
        Set<String> networks = names(root.get("networks"));
        networks.add("default");
        for (Map.Entry<?, ?> entry : services.entrySet()) {
            String service = String.valueOf(entry.getKey());
            String at = where + " service '" + service + "'";
            Map<?, ?> spec = entry.getValue() instanceof Map<?, ?> m ? m : Map.of();

            Path context = buildContext(file, spec.get("build"));
            boolean bundle = (context != null && context.resolve(dockerfileOf(spec.get("build"))).normalize().equals(dockerfile))
                    || imageName.equals(repository(spec.get("image")));

            Map<String, String> env = new LinkedHashMap<>();
            if (spec.get("environment") instanceof Map<?, ?> map) {
                map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : interpolate(String.valueOf(v))));
            } else if (spec.get("environment") instanceof List<?> list) {
                for (Object item : list) {
                    String text = interpolate(String.valueOf(item));
                    int eq = text.indexOf('=');
                    env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
                }
            }
            List<String> unchecked = new ArrayList<>();
            if (spec.containsKey("env_file")) {
                unchecked.add("env_file (its variables cannot be checked: set them under environment)");
            }

            List<Port> ports = new ArrayList<>();
            for (Object port : list(spec.get("ports"))) {
                if (port instanceof Map<?, ?> longForm) {
                    ports.add(new Port("ports: target " + longForm.get("target"), String.valueOf(longForm.get("target"))));
                } else {
                    String text = interpolate(String.valueOf(port));
                    String containerPort = text.substring(text.lastIndexOf(':') + 1).replaceAll("/(tcp|udp)$", "");
                    ports.add(new Port("ports: \"" + port + "\"", containerPort));
                }
            }
            for (Object port : list(spec.get("expose"))) {
                ports.add(new Port("expose: " + port, String.valueOf(port).replaceAll("/(tcp|udp)$", "")));
            }
            if (spec.get("healthcheck") instanceof Map<?, ?> healthcheck) {
                Object test = healthcheck.get("test");
                String command = test instanceof List<?> words ? String.join(" ", words.stream().map(String::valueOf).toList())
                        : String.valueOf(test);
                ports.addAll(urlPorts("healthcheck", command));
            }

            List<Mount> mounts = new ArrayList<>();
            for (Object volume : list(spec.get("volumes"))) {
                String source;
                String target;
                if (volume instanceof Map<?, ?> longForm) {
                    source = "volume".equals(longForm.get("type")) ? String.valueOf(longForm.get("source")) : null;
                    target = String.valueOf(longForm.get("target"));
                } else {
                    String[] parts = interpolate(String.valueOf(volume)).split(":");
                    boolean named = parts.length >= 2 && !parts[0].isEmpty() && ".~/$".indexOf(parts[0].charAt(0)) < 0;
                    source = named ? parts[0] : null;
                    target = parts.length >= 2 ? parts[1] : parts[0];
                }
                if (source != null && !volumes.contains(source)) {
                    problems.add(at + ": volume '" + source + "' is not defined under the top-level volumes");
                }
                mounts.add(new Mount(target, "volume " + volume));
            }
            for (Object secret : list(spec.get("secrets"))) {
                String name = secret instanceof Map<?, ?> m ? String.valueOf(m.get("source")) : String.valueOf(secret);
                String target = secret instanceof Map<?, ?> m && m.get("target") != null ? String.valueOf(m.get("target")) : name;
                mounts.add(new Mount(target.startsWith("/") ? target : "/run/secrets/" + target, "secret " + name));
                if (!secrets.contains(name)) {
                    problems.add(at + ": secret '" + name + "' is not defined under the top-level secrets");
                }
            }
            for (Object config : list(spec.get("configs"))) {
                String name = config instanceof Map<?, ?> m ? String.valueOf(m.get("source")) : String.valueOf(config);
                String target = config instanceof Map<?, ?> m && m.get("target") != null ? String.valueOf(m.get("target")) : "/" + name;
                mounts.add(new Mount(target, "config " + name));
                if (!configs.contains(name)) {
                    problems.add(at + ": config '" + name + "' is not defined under the top-level configs");
                }
            }

            Object dependsOn = spec.get("depends_on");
            for (String dependency : dependsOn instanceof Map<?, ?> map ? names(map) : strings(dependsOn)) {
                if (!defined.contains(dependency)) {
                    problems.add(at + ": depends_on '" + dependency + "', which is not a service of this file");
                }
            }
            Object serviceNetworks = spec.get("networks");
            for (String network : serviceNetworks instanceof Map<?, ?> map ? names(map) : strings(serviceNetworks)) {
                if (!networks.contains(network)) {
                    problems.add(at + ": network '" + network + "' is not defined under the top-level networks");
                }
            }
            for (String from : strings(spec.get("volumes_from"))) {
                String service2 = from.split(":")[0];
                if (!from.startsWith("container:") && !defined.contains(service2)) {
                    problems.add(at + ": volumes_from '" + service2 + "', which is not a service of this file");
                }
            }
            if (spec.get("extends") instanceof Map<?, ?> extend && extend.get("file") == null
                    && !defined.contains(String.valueOf(extend.get("service")))) {
                problems.add(at + ": extends '" + extend.get("service") + "', which is not a service of this file");
            }
            if (bundle) {
                env.forEach((name, value) -> {
                    String host = host(name, value);
                    if (host != null && !defined.contains(host)) {
                        problems.add(at + ": " + name + "=" + value + " names host '" + host
                                + "', which is not a service of this file");
                    }
                });
            }

            Object workingDir = spec.get("working_dir");
            containers.add(new Container(at, bundle, env, ports, mounts, workingDir == null ? null : String.valueOf(workingDir),
                    context, unchecked));
        }
    }

    /** The host a bundle's variable connects to, when it is a bare name (a Compose service), else null. */
    private static String host(String name, String value) {
        Matcher url = URL.matcher(value);
        String host = url.lookingAt() ? url.group(1) : name.endsWith("_HOST") ? value : null;
        if (host == null || host.isEmpty() || host.equals("localhost") || host.contains(".") || host.contains("$")
                || host.contains(":")) {
            return null;
        }
        return host;
    }

    private static Path buildContext(Path file, Object build) {
        if (build == null) {
            return null;
        }
        Object context = build instanceof Map<?, ?> m ? m.get("context") : build;
        return file.toAbsolutePath().getParent().resolve(context == null ? "." : String.valueOf(context)).normalize();
    }

    private static String dockerfileOf(Object build) {
        Object name = build instanceof Map<?, ?> m ? m.get("dockerfile") : null;
        return name == null ? "Dockerfile" : String.valueOf(name);
    }

    /**
     * Compose interpolation as far as a file alone tells: {@code $$} is {@code $}, {@code ${VAR:-default}} gives
     * its default, a variable without one ({@code ${VAR}}, {@code ${VAR:?message}}) stays as written.
     */
    static String interpolate(String text) {
        Matcher m = INTERPOLATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(2) != null && m.group(2).endsWith("-")) {
                replacement = m.group(3);
            } else {
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------- Kubernetes

    private void findKubernetesContainers(String where, Object node, List<Container> containers) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if ((entry.getKey().equals("containers") || entry.getKey().equals("initContainers"))
                        && entry.getValue() instanceof List<?> list) {
                    for (Object item : list) {
                        if (item instanceof Map<?, ?> container) {
                            containers.add(kubernetesContainer(where, container));
                        }
                    }
                } else {
                    findKubernetesContainers(where, entry.getValue(), containers);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> findKubernetesContainers(where, item, containers));
        }
    }

    private Container kubernetesContainer(String where, Map<?, ?> spec) {
        String at = where + " container '" + spec.get("name") + "'";
        Map<String, String> env = new LinkedHashMap<>();
        for (Object item : list(spec.get("env"))) {
            if (item instanceof Map<?, ?> variable && !removal(variable)) {
                env.put(String.valueOf(variable.get("name")), variable.get("value") == null ? "" : String.valueOf(variable.get("value")));
            }
        }
        List<String> unchecked = new ArrayList<>();
        if (spec.containsKey("envFrom")) {
            unchecked.add("envFrom (its variables cannot be checked: list them under env)");
        }
        List<Port> ports = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        for (Object item : list(spec.get("ports"))) {
            if (item instanceof Map<?, ?> port) {
                ports.add(new Port("containerPort " + port.get("containerPort"), String.valueOf(port.get("containerPort"))));
                if (port.get("name") != null) {
                    named.put(String.valueOf(port.get("name")), String.valueOf(port.get("containerPort")));
                }
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (spec.get(probe) instanceof Map<?, ?> p && p.get("httpGet") instanceof Map<?, ?> get) {
                String port = String.valueOf(get.get("port"));
                ports.add(new Port(probe + " httpGet port " + port, named.getOrDefault(port, port)));
            }
        }
        List<Mount> mounts = new ArrayList<>();
        for (Object item : list(spec.get("volumeMounts"))) {
            if (item instanceof Map<?, ?> mount && !removal(mount)) {
                mounts.add(new Mount(String.valueOf(mount.get("mountPath")), "volumeMount " + mount.get("name")));
            }
        }
        Object workingDir = spec.get("workingDir");
        return new Container(at, imageName.equals(repository(spec.get("image"))), env, ports, mounts,
                workingDir == null ? null : String.valueOf(workingDir), null, unchecked);
    }

    /** An entry of a kustomize strategic-merge patch that removes the base's entry ({@code $patch: delete}). */
    private static boolean removal(Map<?, ?> entry) {
        return "delete".equals(entry.get("$patch"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Ports of the URLs in a command, e.g. a health check's {@code curl http://127.0.0.1:9876/...}. */
    static List<Port> urlPorts(String declared, String command) {
        List<Port> ports = new ArrayList<>();
        Matcher m = URL.matcher(command);
        while (m.find()) {
            ports.add(new Port(declared + " " + m.group(), m.group(2) != null ? m.group(2) : "80"));
        }
        return ports;
    }

    /** {@code registry:5000/team/name:tag@sha256:…} → {@code name}. */
    static String repository(Object image) {
        if (image == null) {
            return null;
        }
        String name = String.valueOf(image).split("@")[0];
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name.substring(slash + 1);
    }

    private static Set<String> names(Object map) {
        Set<String> names = new LinkedHashSet<>();
        if (map instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> names.add(String.valueOf(k)));
        }
        return names;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static Collection<String> strings(Object value) {
        return value instanceof String s ? List.of(s) : list(value).stream().map(String::valueOf).toList();
    }
}
