package dev.kombo.interviews.sink;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

/**
 * A client-side interceptor (add it to a sender's {@code ServerLocator}) that lets a number of the broker's send
 * confirmations through and then loses every further one, as a network would that fails between broker and
 * sender: the broker goes on storing messages the sender never hears about. Confirmations are the answers to
 * asynchronous sends ({@code NULL_RESPONSE} with a correlation id); the confirmation-window acknowledgements
 * ({@code PACKETS_CONFIRMED}) only repeat them and are always lost, so that exactly the counted answers arrive.
 */
public final class ConfirmationGate implements Interceptor {

    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private volatile int loseAfter = Integer.MAX_VALUE;
    private volatile Runnable onFirstLost = () -> { };

    @Override
    public synchronized boolean intercept(Packet packet, RemotingConnection connection) throws ActiveMQException {
        if (packet.getType() == PacketImpl.PACKETS_CONFIRMED) {
            return false;
        }
        if (packet.getType() != PacketImpl.NULL_RESPONSE || !packet.isResponseAsync()) {
            return true;
        }
        if (passed.get() >= loseAfter) {
            if (lost.getAndIncrement() == 0) {
                onFirstLost.run();
            }
            return false;
        }
        passed.incrementAndGet();
        return true;
    }

    /** Lets this many more send confirmations through (counted from now), then loses every one after them. */
    public synchronized ConfirmationGate loseAfter(int confirmations) {
        loseAfter = passed.get() + confirmations;
        return this;
    }

    /** Lets every confirmation through again. */
    public synchronized ConfirmationGate open() {
        loseAfter = Integer.MAX_VALUE;
        return this;
    }

    /** Runs on the client's network thread when the first confirmation is lost: hand anything slow to another. */
    public ConfirmationGate onFirstLost(Runnable action) {
        onFirstLost = action;
        return this;
    }

    public int lost() {
        return lost.get();
    }
}
