package dev.kombo.interviews.sync;

import java.io.IOException;
import java.io.InputStream;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.Message;

import dev.kombo.interviews.kombo.KomboAction;
import dev.kombo.interviews.kombo.KomboApiException;
import dev.kombo.interviews.kombo.KomboError;
import dev.kombo.interviews.kombo.KomboErrorPolicy;
import dev.kombo.interviews.kombo.KomboErrorReader;
import dev.kombo.interviews.observe.BundleMetrics;

/**
 * Builds the GET for the run's next page and reads Kombo's answer: a page goes on to the sinks, an error
 * becomes a {@link KomboApiException} carrying the action of the {@link KomboErrorPolicy}. Retrying is left
 * to the route's redelivery policy; this class only tells it how long Kombo asked to wait.
 */
public final class CursorPager {

    /** The exchange property naming the page to fetch. */
    static final String REQUEST = "kombo.pageRequest";

    /** Which page to fetch: the cursor (null for the first page) and the page's number in the run. */
    record PageRequest(String cursor, int number) {
    }

    private final KomboErrorPolicy policy;
    private final PageReader pages;
    private final int maxPages;
    private final BundleMetrics metrics;

    public CursorPager(KomboErrorPolicy policy, PageReader pages, int maxPages, BundleMetrics metrics) {
        this.policy = policy;
        this.pages = pages;
        this.maxPages = maxPages;
        this.metrics = metrics;
    }

    /**
     * Replaces every header with exactly what Kombo needs: nothing from the trigger leaks into the request.
     * Reads only what stays fixed during a run, so a page can be fetched ahead on another thread.
     */
    public void prepareRequest(Exchange exchange) {
        SyncRun run = SyncRuns.current(exchange);
        PageRequest request = exchange.getProperty(REQUEST, PageRequest.class);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setBody(null);
        in.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET); // the enum: no String conversion per request
        in.setHeader(Exchange.HTTP_QUERY, run.query(request.cursor()));
        in.setHeader("Authorization", "Bearer " + run.integration().apiKey());
        in.setHeader("X-Integration-Id", run.integration().id());
        in.setHeader("Accept", "application/json");
    }

    /** Turns the answer into a {@link PageReader.Page} body, or throws what the error policy says. */
    public void readAnswer(Exchange exchange) {
        SyncRun run = SyncRuns.current(exchange);
        PageRequest request = exchange.getProperty(REQUEST, PageRequest.class);
        Message in = exchange.getIn();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status < 200 || status > 299) {
            KomboError error = KomboErrorReader.error(status, in.getBody(byte[].class),
                    name -> in.getHeader(name, String.class));
            metrics.apiError(run.integration().name(), "get", error);
            throw failure(run, error);
        }
        PageReader.Page page = pages.read(in.getBody(InputStream.class), run.where(request.number()));
        in.removeHeaders("*");
        in.setBody(page);
    }

    /** The fetched page becomes the run's current page, unless its cursor shows a cycle or too many pages. */
    public void accept(Exchange exchange) {
        SyncRun run = SyncRuns.current(exchange);
        PageReader.Page page = exchange.getIn().getBody(PageReader.Page.class);
        run.pageRequested();
        RetryBudget.succeeded(exchange);
        exchange.setProperty(SyncRuns.PAGE, page);
        exchange.getIn().setBody(run.accept(page, maxPages));
        metrics.pageFetched(run.integration().name());
    }

    /** Each failed attempt of the sync's Kombo calls: one that got no answer at all counts as a Kombo error too. */
    public void countNoAnswer(Exchange exchange) {
        if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof IOException cause) {
            metrics.apiError(SyncRuns.current(exchange).integration().name(), "get", KomboErrorReader.noAnswer(cause));
        }
    }

    private KomboApiException failure(SyncRun run, KomboError error) {
        KomboAction action = policy.actionFor(error);
        if (action == KomboAction.RETRY || (action == KomboAction.VERIFY)) {
            // a GET changes nothing, so an unknown outcome (VERIFY) is simply asked again; the wait the answer
            // asked for travels with the error to the RetryBudget
            return new KomboApiException.Retryable(run.integration().name(), error);
        }
        return new KomboApiException.Final(run.integration().name(), error, action);
    }
}
