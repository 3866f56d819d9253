package dev.kombo.interviews.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;

/** The state store contract on folders (kombo.state.store=file): replicas share the folders. */
class FileStateStoreTest extends StateStoreContract {

    @TempDir
    Path shared;

    @Override
    StateStore newStore() {
        return StateStores.create(new StateSettings(StateSettings.Type.FILE, shared.resolve("state"),
                shared.resolve("dead-letter"), shared.resolve("idempotency"), WINDOW_MS, IN_FLIGHT_MS, 100, null));
    }

    /** The folder tells a key's age by its file's modification time. */
    @Override
    void ageIdempotencyKeys(Duration by) throws Exception {
        try (Stream<Path> files = Files.list(shared.resolve("idempotency"))) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis()
                        - by.toMillis()));
            }
        }
    }
}
