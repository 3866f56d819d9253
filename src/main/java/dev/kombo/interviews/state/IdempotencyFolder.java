package dev.kombo.interviews.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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

    private static final Object[] STRIPES = new Object[64];

    static {
        Arrays.setAll(STRIPES, i -> new Object());
    }

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
                    FileTime modified = Files.getLastModifiedTime(file);
                    long age = System.currentTimeMillis() - modified.toMillis();
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
                    // expired, or an uncertain outcome to claim anew
                    if (takeOver(file, stored, modified)) {
                        return new Fresh(uncertain);
                    }
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

    /**
     * Replaces the file read ({@code seen}, {@code modified}) by a new claim, unless another request changed it
     * since: a compare-and-set, under a lock of the key's own (an OS file lock for the other replicas, a striped
     * monitor for this process's threads, which one OS lock cannot tell apart). The file is replaced, never
     * removed, so no request can claim the key in between without the uncertain outcome.
     */
    private boolean takeOver(Path file, byte[] seen, FileTime modified) throws IOException {
        Path lockFile = folder.resolve("." + file.getFileName() + ".lock");
        synchronized (STRIPES[Math.floorMod(file.getFileName().hashCode(), STRIPES.length)]) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (!Arrays.equals(Files.readAllBytes(file), seen) || !Files.getLastModifiedTime(file).equals(modified)) {
                    return false; // claimed (or answered) by another request meanwhile
                }
                Path claim = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
                Files.createFile(claim);
                Files.move(claim, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return true;
            }
        }
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
