package dev.kombo.interviews.sync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Asks Kombo for page N+1 while page N is being delivered (kombo.sync.prefetch), so that Kombo's response
 * time and the sinks' write time overlap instead of adding up. Only the fetch runs ahead, and only by one
 * page: pages still reach the sinks one at a time and in order, and the checkpoint and watermark rules are
 * unchanged. A prefetch that failed is rethrown at the step that takes it, so the sync's redelivery policy
 * (Retry-After, attempts, time budget) applies exactly as to a fetch made there; the retry then fetches in line.
 */
public final class PagePrefetch {

    static final String PENDING = "kombo.prefetchedPage";

    private final ProducerTemplate template;
    private final String fetchEndpoint;
    private final boolean enabled;

    public PagePrefetch(ProducerTemplate template, String fetchEndpoint, boolean enabled) {
        this.template = template;
        this.fetchEndpoint = fetchEndpoint;
        this.enabled = enabled;
    }

    /** The current page was accepted: start fetching the next one, if there is one. */
    public void start(Exchange exchange) {
        PageReader.Page page = exchange.getProperty(SyncRuns.PAGE, PageReader.Page.class);
        if (!enabled || page.next() == null) {
            return;
        }
        SyncRun run = SyncRuns.current(exchange);
        Exchange fetch = new DefaultExchange(exchange.getContext());
        fetch.setProperty(SyncRuns.RUN, run);
        fetch.setProperty(CursorPager.REQUEST, new CursorPager.PageRequest(page.next(), run.nextPageNumber() + 1));
        exchange.setProperty(PENDING, template.asyncSend(fetchEndpoint, fetch));
    }

    /**
     * Puts the prefetched page in the body, or leaves the body empty (nothing was prefetched, or this is a
     * retry after a failed prefetch) with the request for a fetch in line.
     */
    public void take(Exchange exchange) throws Exception {
        SyncRun run = SyncRuns.current(exchange);
        exchange.getIn().setBody(null);
        exchange.setProperty(CursorPager.REQUEST, new CursorPager.PageRequest(run.cursor(), run.nextPageNumber()));
        @SuppressWarnings("unchecked")
        CompletableFuture<Exchange> pending = exchange.getProperty(PENDING, CompletableFuture.class);
        exchange.removeProperty(PENDING);
        if (pending == null) {
            return;
        }
        Exchange fetched;
        try {
            fetched = pending.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (fetched.getException() != null) {
            // the wait Kombo asked for (Retry-After) travels with the failure to the RetryBudget
            throw fetched.getException();
        }
        exchange.getIn().setBody(fetched.getIn().getBody());
    }

    /** The run ended early: the page fetched ahead is not needed. */
    public void discard(Exchange exchange) {
        CompletableFuture<?> pending = exchange.getProperty(PENDING, CompletableFuture.class);
        exchange.removeProperty(PENDING);
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
