package dev.kombo.interviews.update;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reports an {@link UpdateOutcome} the way each entry point needs it. */
public final class UpdateResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The HTTP answer: only our own headers go back, never the caller's or Camel's. */
    public void toHttp(Exchange exchange) throws Exception {
        UpdateOutcome outcome = exchange.getIn().getBody(UpdateOutcome.class);
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, outcome.httpStatus());
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (outcome.retryAfterSeconds() != null) {
            in.setHeader("Retry-After", String.valueOf(outcome.retryAfterSeconds()));
        }
        in.setBody(JSON.writeValueAsString(outcome.body()));
    }

    /** The sidecar / dead-letter reason: what happened, Kombo's code, message and log_url or the problems. */
    public String reason(UpdateOutcome outcome) throws Exception {
        ObjectNode reason = JSON.createObjectNode();
        reason.put("result", outcome.result().name());
        reason.put("http_status", outcome.httpStatus());
        reason.put("reason", outcome.reason());
        reason.setAll((ObjectNode) outcome.body().deepCopy());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reason);
    }

    /** The outcome as the JSON reply of a JMS request. */
    public String json(UpdateOutcome outcome) throws Exception {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("result", outcome.result().name());
        reply.put("http_status", outcome.httpStatus());
        reply.setAll((ObjectNode) outcome.body().deepCopy());
        return JSON.writeValueAsString(reply);
    }

    /** How often this queued update was deferred already. */
    public int deferrals(Exchange exchange) {
        return exchange.getIn().getHeader("KomboDeferrals", 0, Integer.class);
    }

    /** Marks a queued update for another try {@code delayMillis} from now (Artemis scheduled delivery). */
    public void scheduleAgain(Exchange exchange, long delayMillis) {
        exchange.getIn().setHeader("KomboDeferrals", deferrals(exchange) + 1);
        exchange.getIn().setHeader("_AMQ_SCHED_DELIVERY", System.currentTimeMillis() + delayMillis);
    }

    /** Ends a file exchange as failed, so the file component moves the request to the failed folder. */
    public void fail(UpdateOutcome outcome) {
        throw new UpdateFailedException(outcome.reason());
    }

    /** The update was not applied; its reason has been kept beside the request. */
    public static final class UpdateFailedException extends RuntimeException {
        public UpdateFailedException(String reason) {
            super(reason);
        }
    }
}
