package dev.kombo.interviews;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.IntConsumer;

import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Entry point: a Camel main that loads {@code config/application.properties} and the YAML routes in
 * {@code routes/}. Our own switches are turned into properties so that every switch is also a property:
 * <ul>
 * <li>{@code --run-once}: sync every integration once, then exit 0 on success or 1 on failure;</li>
 * <li>{@code --resync-from=<time>|all}: ignore the stored watermark on the first run of this process;</li>
 * <li>{@code --replay-dead-letters[=<integration>,…]}: instead of syncing, replay the kept records of every (or
 * the named) integration to its sinks, then exit 0 when every replay completed, else 1;</li>
 * <li>{@code --config=<location>}: another properties file instead of {@code config/application.properties};</li>
 * <li>{@code --check}: validate the configuration and routes and print the pipeline, starting nothing
 * ({@link ConfigCheck}): exit 0 when valid, 1 with every problem listed.</li>
 * </ul>
 * Any other argument is handed to Camel's own command line. Exit code 2: the bundle (or the check) could not
 * start at all.
 */
public final class Application {

    public static final String DEFAULT_CONFIG = "file:config/application.properties";
    /** Registry name of the action that ends the process with an exit code (run-once mode). */
    public static final String EXIT_BEAN = "bundleExit";

    private Application() {
    }

    public static void main(String... args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the bundle until it is stopped (or the run-once sync ends), or checks it; returns the exit code. */
    public static int run(String... args) throws Exception {
        String config = DEFAULT_CONFIG;
        boolean check = false;
        Properties switches = new Properties();
        List<String> camelArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--run-once")) {
                switches.setProperty("kombo.sync.run-once", "true");
            } else if (arg.startsWith("--resync-from=")) {
                switches.setProperty("kombo.sync.resync-from", arg.substring("--resync-from=".length()));
            } else if (arg.equals("--replay-dead-letters") || arg.startsWith("--replay-dead-letters=")) {
                String names = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "all";
                switches.setProperty("kombo.sync.replay", names.isBlank() ? "all" : names);
                switches.setProperty("kombo.sync.on-startup", "false");
            } else if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else if (arg.equals("--check")) {
                check = true;
            } else {
                camelArgs.add(arg);
            }
        }
        try {
            if (check) {
                return ConfigCheck.run(config, switches, System.out);
            }
            BundleMain main = new BundleMain();
            switches.forEach((key, value) -> main.addOverrideProperty((String) key, (String) value));
            main.setDefaultPropertyPlaceholderLocation(config);
            main.bind(EXIT_BEAN, (IntConsumer) main::finish);
            return main.run(camelArgs.toArray(String[]::new));
        } catch (Exception e) {
            LoggerFactory.getLogger(Application.class).error("kombo-interview-routes could not start: {}",
                    e.getMessage(), e);
            return 2;
        }
    }

    /** Camel's main, able to end with a non-zero exit code when a run-once sync failed. */
    public static final class BundleMain extends Main {

        public BundleMain() {
            configure().addConfiguration(BundleConfiguration.class);
        }

        /** Stops the main loop; {@code run} then returns {@code code}. */
        public void finish(int code) {
            exitCode.set(code);
            completed();
        }
    }
}
