package dev.kombo.interviews.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kombo.interviews.update.IdempotencyCache;
import dev.kombo.interviews.update.UpdateOutcome;

/**
 * Idempotency keys in a folder all replicas share (kombo.update.idempotency-store=folder): one file per key.
 * Creating the file is the claim, and creating a file is atomic on every file system, so of two replicas
 * that receive the same key at once exactly one sends the PATCH. The file then receives the outcome.
 * A claim whose replica died without an outcome is given up after the in-flight timeout; an outcome is
 * kept for the window (an expired file is replaced by the next request with its key).
 */
public final class IdempotencyFolder implements IdempotencyCache {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final long windowMillis;
    private final long inFlightTimeoutMillis;

    public IdempotencyFolder(Path folder, long windowMillis, long inFlightTimeoutMillis) {
        this.folder = folder;
        this.windowMillis = windowMillis;
        this.inFlightTimeoutMillis = inFlightTimeoutMillis;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("idempotency folder " + folder + " cannot be created", e);
        }
    }

    @Override
    public Lookup begin(String key) {
        Path file = file(key);
        UpdateOutcome uncertain = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.createFile(file);
                return new Fresh(uncertain);
            } catch (FileAlreadyExistsException e) {
                try {
                    byte[] stored = Files.readAllBytes(file);
                    long age = System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis();
                    if (stored.length == 0 && age <= inFlightTimeoutMillis) {
                        return new InFlight();
                    }
                    if (stored.length > 0 && age <= windowMillis) {
                        UpdateOutcome outcome = JSON.readValue(stored, UpdateOutcome.class);
                        if (outcome.result() != UpdateOutcome.Result.FAILED) {
                            return new Replay(outcome);
                        }
                        uncertain = outcome;
                    }
                    // expired, or an uncertain outcome to claim anew: of the replicas that try, only one moves it
                    // away, and the next attempt's createFile then claims it for that one
                    Path old = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".old");
                    Files.move(file, old, StandardCopyOption.ATOMIC_MOVE);
                    Files.delete(old);
                } catch (NoSuchFileException gone) {
                    // abandoned by its owner meanwhile: claim it
                } catch (IOException io) {
                    throw new UncheckedIOException("idempotency folder " + folder + ": " + io.getMessage(), io);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("idempotency folder " + folder + ": " + e.getMessage(), e);
            }
        }
        return new InFlight();
    }

    @Override
    public void finish(String key, UpdateOutcome outcome) {
        Path file = file(key);
        Path temp = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temp, JSON.writeValueAsBytes(outcome));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("idempotency folder " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void abandon(String key) {
        Path file = file(key);
        try {
            if (Files.exists(file) && Files.size(file) == 0) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("idempotency folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Keys are the caller's text: the file is named by its hash, so no key can leave the folder. */
    private Path file(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(digest) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
