package dev.kombo.interviews.state;

import java.nio.file.Path;

import dev.kombo.interviews.kombo.SuspensionRecords;
import dev.kombo.interviews.sync.KeptRecords;
import dev.kombo.interviews.sync.WatermarkStore;
import dev.kombo.interviews.update.IdempotencyCache;

/**
 * The state in folders (kombo.state.store=file): watermarks, checkpoints and suspensions in
 * {@code kombo.sync.state-dir}, kept records in {@code kombo.sync.dead-letter-dir}, shared idempotency keys in
 * {@code kombo.update.idempotency-dir}. Every write is a whole file written aside and renamed (or created
 * atomically), so replicas may share the folders on a volume that supports that.
 */
public final class FileStateStore implements StateStore {

    private final Path stateDir;
    private final WatermarkFolder watermarks;
    private final DeadLetterFolder kept;
    private final SuspensionFolder suspensions;
    private final StateSettings settings;
    private IdempotencyCache idempotency;

    public FileStateStore(StateSettings settings) {
        this.stateDir = settings.stateDir();
        this.watermarks = new WatermarkFolder(settings.stateDir());
        this.kept = new DeadLetterFolder(settings.deadLetterDir());
        this.suspensions = new SuspensionFolder(settings.stateDir());
        this.settings = settings;
    }

    @Override
    public WatermarkStore watermarks() {
        return watermarks;
    }

    @Override
    public KeptRecords keptRecords() {
        return kept;
    }

    @Override
    public SuspensionRecords suspensions() {
        return suspensions;
    }

    /** Made when first asked for: the folder exists only where the keys are shared. */
    @Override
    public synchronized IdempotencyCache idempotencyKeys() {
        if (idempotency == null) {
            idempotency = new IdempotencyFolder(settings.idempotencyDir(), settings.idempotencyWindowMillis(),
                    settings.idempotencyInFlightTimeoutMillis());
        }
        return idempotency;
    }

    @Override
    public String describe() {
        return "folders (state " + stateDir + ", kept records " + kept.folder() + ")";
    }

    @Override
    public void close() {
        // nothing held open between writes
    }
}
