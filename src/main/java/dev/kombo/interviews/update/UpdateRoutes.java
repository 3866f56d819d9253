package dev.kombo.interviews.update;

import java.io.IOException;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import dev.kombo.interviews.kombo.KomboApiException;
import dev.kombo.interviews.sync.RetryBudget;

/**
 * The processing behind every inbound entry point (HTTP, file drop, JMS; YAML routes in {@code routes/}):
 * {@code direct:kombo-update} takes the raw request and always answers with an {@link UpdateOutcome}, never
 * an exception, so each entry point reports failures its own way (HTTP status, sidecar file, dead-letter
 * queue). Transient Kombo errors are redelivered at the PATCH step with Retry-After honoured; PATCHes per
 * integration are throttled to the concurrency Kombo allows.
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
                .enrich("direct:kombo-update-steps", (original, steps) -> {
                    original.getIn().setBody(steps.getIn().getBody());
                    return original;
                });

        RouteDefinition steps = from("direct:kombo-update-steps").routeId("kombo-update-steps");
        retries.redeliver(steps.onException(KomboApiException.Retryable.class, IOException.class), "kombo.retry")
                .onExceptionOccurred(updater::countNoAnswer)
                .handled(true).process(updater::failed);
        steps.onException(Exception.class).logExhausted(false).handled(true).process(updater::failed);
        steps.process(updater::admit)
                .filter(method(updater, "admitted"))
                    .throttle(method(updater, "concurrencyLimit")).concurrentRequestsMode()
                        .correlationExpression(exchangeProperty(InterviewUpdater.INTEGRATION_ID))
                    .to("direct:kombo-patch")
                    .process(updater::applied)
                .end();

        from("direct:kombo-patch").routeId("kombo-patch")
                .errorHandler(noErrorHandler()) // failures go back to kombo-update, which redelivers this route
                .process(updater::preparePatch)
                .to("{{kombo.base-url}}?throwExceptionOnFailure=false")
                .process(updater::readPatchAnswer)
                .filter(method(updater, "needsVerification"))
                    .process(updater::prepareVerify)
                    .to("{{kombo.base-url}}?throwExceptionOnFailure=false")
                    .process(updater::readVerify)
                .end();
    }
}
