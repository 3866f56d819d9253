package dev.kombo.interviews;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.kombo.interviews.kombo.KomboErrorPolicy;
import dev.kombo.interviews.sink.BrokerSettings;
import dev.kombo.interviews.sink.JmsPageSender;
import dev.kombo.interviews.state.StateSettings;
import dev.kombo.interviews.sync.Integrations;
import dev.kombo.interviews.sync.SyncSettings;
import dev.kombo.interviews.update.UpdateSettings;

/**
 * The bundle's settings, read once into one typed record per concern and validated there: start-up
 * ({@link BundleConfiguration}) refuses every problem at once, {@code --check} ({@link ConfigCheck}) lists them.
 * No rule about a setting lives anywhere else.
 */
public record Settings(Integrations integrations, KomboErrorPolicy errorPolicy, SyncSettings sync,
        UpdateSettings update, StateSettings state, BrokerSettings broker, JmsPageSender.Settings jmsSink) {

    /** Reads everything, adding each problem found to {@code problems}. */
    public static Settings read(Function<String, Optional<String>> lookup, List<String> problems) {
        SettingsReader r = new SettingsReader(lookup, problems);
        Integrations integrations = Integrations.read(r.lookup(), problems);
        List<String> policy = new ArrayList<>();
        KomboErrorPolicy errorPolicy = KomboErrorPolicy.read(r.lookup(), policy);
        policy.forEach(problem -> problems.add("Kombo error policy: " + problem));
        return new Settings(integrations, errorPolicy, SyncSettings.read(r), UpdateSettings.read(r),
                StateSettings.read(r), BrokerSettings.read(r), JmsPageSender.Settings.read(r));
    }

    /** Reads everything; fails listing every problem. */
    public static Settings load(Function<String, Optional<String>> lookup) {
        List<String> problems = new ArrayList<>();
        Settings settings = read(lookup, problems);
        SettingsReader.refuse("Invalid configuration", problems);
        return settings;
    }
}
