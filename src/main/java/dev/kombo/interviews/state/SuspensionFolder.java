package dev.kombo.interviews.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kombo.interviews.kombo.IntegrationSuspensions.Suspension;
import dev.kombo.interviews.kombo.KomboError;
import dev.kombo.interviews.kombo.SuspensionRecords;

/**
 * Suspensions as files in the state folder, one per integration ({@code suspended-<hex of the id>.json}):
 * creating the file is the suspension (atomic, so of two replicas suspending at once one records it), removing
 * it the resume. Replicas that share the folder share the suspensions.
 */
public final class SuspensionFolder implements SuspensionRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "suspended-";
    private final Path folder;

    public SuspensionFolder(Path folder) {
        this.folder = folder;
    }

    @Override
    public Map<String, Suspension> all() {
        Map<String, Suspension> all = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return all;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(PREFIX)
                    && f.getFileName().toString().endsWith(".json")).toList()) {
                read(file).ifPresent(entry -> all.put(entry.getKey(), entry.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list suspensions in " + folder, e);
        }
        return all;
    }

    @Override
    public boolean suspend(String integrationId, Suspension suspension) {
        Path file = file(integrationId);
        try {
            Files.createDirectories(folder);
            Path temp = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(toJson(integrationId, suspension)));
            try {
                // a link appears whole and fails if the file exists: the first replica's suspension stays
                Files.createLink(file, temp);
                return true;
            } catch (FileAlreadyExistsException already) {
                return false;
            } catch (UnsupportedOperationException noLinks) {
                if (Files.exists(file)) {
                    return false;
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the suspension of " + integrationId + " in " + folder, e);
        }
    }

    @Override
    public boolean resume(String integrationId) {
        try {
            return Files.deleteIfExists(file(integrationId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume " + integrationId + " in " + folder, e);
        }
    }

    private Path file(String integrationId) {
        return folder.resolve(PREFIX + HexFormat.of().formatHex(integrationId.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) + ".json");
    }

    static ObjectNode toJson(String integrationId, Suspension suspension) {
        ObjectNode json = JSON.createObjectNode();
        KomboError error = suspension.error();
        json.put("integration_id", integrationId);
        json.put("since", suspension.since().toString());
        json.put("replica", suspension.replica());
        json.put("status", error.status());
        json.put("code", error.code());
        json.put("title", error.title());
        json.put("message", error.message());
        json.put("log_url", error.logUrl());
        return json;
    }

    static Map.Entry<String, Suspension> fromJson(JsonNode json) {
        KomboError error = new KomboError(json.path("status").asInt(), text(json, "code"), text(json, "title"),
                text(json, "message"), text(json, "log_url"), Optional.empty());
        return Map.entry(json.path("integration_id").asText(),
                new Suspension(error, Instant.parse(json.path("since").asText()), text(json, "replica")));
    }

    private static Optional<Map.Entry<String, Suspension>> read(Path file) {
        try {
            return Optional.of(fromJson(JSON.readTree(file.toFile())));
        } catch (NoSuchFileException resumedMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the suspension " + file, e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
