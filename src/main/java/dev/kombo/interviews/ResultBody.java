package dev.kombo.interviews;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * For {@code enrich} of a route that always ends with an outcome in its body (a sync run, a replay, an update):
 * the caller's exchange takes that body and nothing else. An error the called route handled ends only the
 * called route's copy, so the caller goes on to report the outcome (a plain {@code to} would end it too).
 */
public final class ResultBody implements AggregationStrategy {

    /** Registry name, for YAML routes ({@code aggregationStrategy: resultBody}). */
    public static final String BEAN = "resultBody";

    @Override
    public Exchange aggregate(Exchange original, Exchange result) {
        original.getIn().setBody(result.getIn().getBody());
        return original;
    }
}
