package dev.kombo.interviews.sync;

import java.io.IOException;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.component.file.GenericFileOperationFailedException;

import dev.kombo.interviews.kombo.KomboApiException;

/**
 * The cursor loop (Java DSL: the intricate part). {@code direct:kombo-sync} takes the integration name in
 * the {@value SyncRuns#INTEGRATION_HEADER} header, pages through {@code GET /ats/interviews} and hands each
 * page to the integration's sinks ({@code direct:sink-<name>}, YAML routes in {@code routes/}).
 * <p>
 * Failures are redelivered at the step that failed: a fetch is retried with the same cursor, a delivery
 * with the same page (file names are per page, JMS has duplicate detection, so a repeat is harmless).
 */
public final class SyncRoutes extends RouteBuilder {

    private final SyncRuns runs;
    private final CursorPager pager;
    private final RetryBudget komboRetries;
    private final RetryBudget sinkRetries;
    private final boolean prefetch;
    private final DeadLetterReplay replay;
    private final RetryBudget replaySinkRetries;

    public SyncRoutes(SyncRuns runs, CursorPager pager, RetryBudget komboRetries, RetryBudget sinkRetries,
            boolean prefetch, DeadLetterReplay replay, RetryBudget replaySinkRetries) {
        this.runs = runs;
        this.pager = pager;
        this.komboRetries = komboRetries;
        this.sinkRetries = sinkRetries;
        this.prefetch = prefetch;
        this.replay = replay;
        this.replaySinkRetries = replaySinkRetries;
    }

    @Override
    public void configure() {
        PagePrefetch prefetcher = new PagePrefetch(getContext().createProducerTemplate(), "direct:kombo-fetch-page",
                prefetch);
        RouteDefinition sync = from("direct:kombo-sync").routeId("kombo-sync");
        // 429/503/... and lost connections: the same request again, Retry-After honoured
        komboRetries.redeliver(sync.onException(KomboApiException.Retryable.class, IOException.class))
                .onExceptionOccurred(pager::countNoAnswer)
                .handled(true).process(prefetcher::discard).process(runs::failed);
        // a sink that is down (SFTP server, broker): the same page again, then give up for this run
        sinkRetries.redeliver(sync.onException(SINK_FAILURES))
                .handled(true).process(prefetcher::discard).process(runs::failed);
        // everything else (auth, set-up, invalid pages, cursor cycles): this run ends, others go on
        sync.onException(Exception.class).logExhausted(false).handled(true).process(prefetcher::discard).process(runs::failed);
        sync.process(runs::begin)
                .loopDoWhile(exchange -> SyncRuns.current(exchange).hasMorePages())
                    .to("direct:kombo-next-page")
                    .to("direct:kombo-deliver-page")
                    .process(runs::pageDelivered)
                .end()
                .process(runs::complete);

        // the page fetched ahead, or (first page, prefetch off, retry) a fetch in line
        from("direct:kombo-next-page").routeId("kombo-next-page")
                .errorHandler(noErrorHandler())
                .process(prefetcher::take)
                .filter(exchange -> exchange.getIn().getBody() == null)
                    .to("direct:kombo-fetch-page")
                .end()
                .process(pager::accept)
                .process(prefetcher::start);

        from("direct:kombo-fetch-page").routeId("kombo-fetch-page")
                .errorHandler(noErrorHandler()) // failures go back to kombo-sync, which retries this whole route
                .process(pager::prepareRequest)
                .to("{{kombo.base-url}}/ats/interviews?throwExceptionOnFailure=false")
                .process(pager::readAnswer);

        from("direct:kombo-deliver-page").routeId("kombo-deliver-page")
                .errorHandler(noErrorHandler())
                .setHeader("KomboIntegration", simple("${body.integration}"))
                .setHeader("KomboIntegrationId", simple("${body.integrationId}"))
                .setHeader("KomboRunId", simple("${body.runId}"))
                .setHeader("KomboPage", simple("${body.number}"))
                .recipientList(method(runs, "sinkEndpoints")).stopOnException();

        // kept records back to the sinks (DeadLetterReplay); a sink that is down is retried like in a sync
        RouteDefinition replaying = from("direct:kombo-replay").routeId("kombo-replay");
        replaySinkRetries.redeliver(replaying.onException(SINK_FAILURES)).handled(true).process(replay::failed);
        replaying.onException(Exception.class).logExhausted(false).handled(true).process(replay::failed);
        replaying.process(replay::begin)
                .loopDoWhile(replay::hasMore)
                    .process(replay::nextBatch)
                    .filter(replay::batchHasRecords)
                        .to("direct:kombo-deliver-page")
                    .end()
                    .process(replay::batchDelivered)
                .end()
                .process(replay::complete);
    }

    /**
     * Failures of a sink (SFTP server or broker away, a page the broker did not confirm) that the same page may get
     * past a little later.
     */
    @SuppressWarnings("unchecked")
    private static final Class<? extends Throwable>[] SINK_FAILURES = new Class[] {
            GenericFileOperationFailedException.class, jakarta.jms.JMSException.class,
            org.springframework.jms.JmsException.class };
}
