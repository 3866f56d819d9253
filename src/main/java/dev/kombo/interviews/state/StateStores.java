package dev.kombo.interviews.state;

/** Makes the state store that {@code kombo.state.store} names. Nothing is reached until {@link StateStore#open()}. */
public final class StateStores {

    private StateStores() {
    }

    public static StateStore create(StateSettings settings) {
        return switch (settings.type()) {
            case FILE -> new FileStateStore(settings);
            case JDBC -> new JdbcStateStore(settings);
        };
    }
}
