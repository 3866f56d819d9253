package dev.kombo.interviews.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Message;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import dev.kombo.interviews.BundleTestSupport;
import dev.kombo.interviews.EmbeddedServices;
import dev.kombo.interviews.sink.EmbeddedBroker;
import dev.kombo.interviews.sync.InterviewPage;
import dev.kombo.interviews.sync.SyncOutcome;

/** The broker restarts in the middle of a sync: delivery resumes, nothing is lost or enqueued twice. */
class BrokerRestartTest extends BundleTestSupport {

    private static final int RECORDS = 2000;
    private final AtomicBoolean restarted = new AtomicBoolean();
    private final AtomicInteger page3Deliveries = new AtomicInteger();

    @Override
    protected Properties overrides() {
        Properties p = new Properties();
        p.setProperty("kombo.sandbox.records-per-integration", String.valueOf(RECORDS));
        p.setProperty("kombo.integration.acme.sinks", "probe,jms");
        p.setProperty("kombo.sink.retry.max-attempts", "10");
        p.setProperty("kombo.sink.retry.max-total-ms", "60000");
        return p;
    }

    private EmbeddedBroker broker() {
        return context.getRegistry().lookupByNameAndType("embeddedServices", EmbeddedServices.class).broker()
                .orElseThrow();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        // runs before the JMS sink for each page: on page 3 it restarts the broker once
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sink-probe").routeId("sink-probe").errorHandler(noErrorHandler())
                        .process(exchange -> {
                            if (exchange.getIn().getBody(InterviewPage.class).number() == 3) {
                                page3Deliveries.incrementAndGet();
                                if (restarted.compareAndSet(false, true)) {
                                    broker().close();
                                    broker().start();
                                }
                            }
                        });
            }
        };
    }

    @Test
    void a_broker_restart_mid_sync_loses_and_duplicates_nothing() throws Exception {
        SyncOutcome outcome = sync("acme");

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(SyncOutcome.Status.COMPLETED);
        assertThat(restarted).isTrue();
        assertThat(page3Deliveries.get()).as("page 3 reached the sinks (again, if the send failed)").isPositive();
        List<Message> drained = drainQueue(property("kombo.sink.jms.queue"));
        int messages = drained.size();
        Set<String> versions = new HashSet<>();
        for (Message m : drained) {
            versions.add(m.getStringProperty("KomboInterviewId"));
        }
        assertThat(messages).as("nothing lost, nothing enqueued twice").isEqualTo(RECORDS);
        assertThat(versions).hasSize(RECORDS);
    }
}
