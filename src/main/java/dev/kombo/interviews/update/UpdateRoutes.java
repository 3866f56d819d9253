package dev.kombo.interviews.update;

import java.io.IOException;

import org.apache.camel.builder.PredicateBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import dev.kombo.interviews.ResultBody;
import dev.kombo.interviews.kombo.KomboApiException;
import dev.kombo.interviews.sync.RetryBudget;

/**
 * The processing behind every inbound entry point (HTTP, file drop, JMS; YAML routes in {@code routes/}):
 * {@code direct:kombo-update} takes the raw request and always answers with an {@link UpdateOutcome}, never
 * an exception, so each entry point reports failures its own way (HTTP status, sidecar file, dead-letter
 * queue). Transient Kombo errors are redelivered at the PATCH step (RetryBudget: Retry-After or back-off, within
 * the caller's deadline over HTTP); PATCHes per integration wait for a slot within the concurrency Kombo allows.
 */
public final class UpdateRoutes extends RouteBuilder {

    private final InterviewUpdater updater;
    private final RetryBudget retries;

    public UpdateRoutes(InterviewUpdater updater, RetryBudget retries) {
        this.updater = updater;
        this.retries = retries;
    }

    @Override
    public void configure() {
        // enrich runs the steps on a copy and takes only its outcome: an error the steps handle ends the
        // copy, never the entry point's route, which goes on to report the outcome
        from("direct:kombo-update").routeId("kombo-update")
                .enrich("direct:kombo-update-steps", new ResultBody());

        RouteDefinition steps = from("direct:kombo-update-steps").routeId("kombo-update-steps");
        retries.redeliver(steps.onException(KomboApiException.Retryable.class, IOException.class))
                .onExceptionOccurred(updater::countNoAnswer)
                .handled(true).process(updater::failed);
        steps.onException(Exception.class).logExhausted(false).handled(true).process(updater::failed);
        steps.process(updater::admit)
                .filter(method(updater, "admitted"))
                    .process(updater::takeSlot)
                    .filter(method(updater, "admitted"))
                        .to("direct:kombo-patch")
                        .process(updater::applied)
                    .end()
                .end();

        from("direct:kombo-patch").routeId("kombo-patch")
                .errorHandler(noErrorHandler()) // failures go back to kombo-update, which redelivers this route
                // a repeat of a key whose first PATCH may have been applied looks before it sends
                .filter(method(updater, "needsVerification"))
                    .to("direct:kombo-verify")
                .end()
                .filter(PredicateBuilder.not(method(updater, "answered")))
                    .process(updater::preparePatch)
                    .process(updater::boundAttempt)
                    .to("{{kombo.base-url}}?throwExceptionOnFailure=false")
                    .process(updater::readPatchAnswer)
                    .filter(method(updater, "needsVerification"))
                        .to("direct:kombo-verify")
                    .end()
                .end();

        // GET the interview: did a PATCH whose outcome is unknown reach the ATS?
        from("direct:kombo-verify").routeId("kombo-verify")
                .errorHandler(noErrorHandler())
                .process(updater::prepareVerify)
                .process(updater::boundAttempt)
                .to("{{kombo.base-url}}?throwExceptionOnFailure=false")
                .process(updater::readVerify);
    }
}
