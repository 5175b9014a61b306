package io.fleetml.connect.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides which received QoS 1 and 2 messages of a persistent session Connect gets, so that a lost connection does not
 * put a second copy into Kafka. A broker that still holds the session when the task reconnects resends every message
 * the task had not acknowledged (MQTT 5 and 3.1.1, section 4.4), and the client hands the resent copy over as a new
 * message. So a message from a lost connection that Connect has not taken yet is set aside rather than handed on: once
 * the next CONNACK says the session is present, the copy set aside is let go, and if the session is gone it is handed
 * on after all, because then nothing resends it. Letting a copy go acknowledges it to the client, which frees its place
 * in the client's receive window and sends nothing to the broker, since its connection is gone.
 * <p>
 * A resumed MQTT 5 session also starts with one message while the task announces {@code mqtt.max.inflight} as its
 * receive maximum: brokers such as Mosquitto 2.0 count the acknowledgements of the messages they resend on resuming a
 * session as if they freed room twice, send more than the receive maximum as soon as the first one arrives, and the
 * client drops the connection. The first message of such a session goes to Kafka alone, and the rest wait until
 * {@link #SETTLE_MS} after its acknowledgement or until the connection is lost, when they are set aside as above.
 * <p>
 * Messages carry the number of the connection they arrived on. A message read late may carry a newer number than its
 * connection had, which at worst lets a duplicate through; it never carries an older one, so nothing that the broker
 * will not resend is let go.
 */
final class DeliveryGate {
    /** How long after the first acknowledgement of a resumed session a broker may still overrun the receive maximum. */
    static final long SETTLE_MS = 1_000;

    /** What becomes of a received message. */
    enum Decision {
        /** Connect gets it. */
        DELIVER,
        /** Connect gets it as the first of a resumed session: report its acknowledgement with {@link #probeAcknowledged}. */
        PROBE,
        /** Its connection is lost and the broker has not said yet whether it resends it: held here. */
        SET_ASIDE,
        /** Its connection is lost and the broker resends it on the resumed session: this copy is let go. */
        LET_GO
    }

    /** Where the current connection is in its start: only a resumed session that an overrun would drop probes first. */
    private enum Resumption {
        AWAITING_PROBE, PROBING, SETTLING, OPEN
    }

    private final boolean persistentSession;
    private final List<Incoming> setAside = new ArrayList<>();
    private int current;
    private Resumption resumption = Resumption.OPEN;
    private long settledAtNanos;
    private int lostUpTo;
    /** Connections before this one lost their session: what they delivered is not resent. */
    private int orphanedBefore;
    /** Connections before this one (and from {@link #orphanedBefore}) are resent by the broker. */
    private int resentBefore;
    private long letGo;

    DeliveryGate(boolean persistentSession) {
        this.persistentSession = persistentSession;
    }

    /**
     * A connection is up; {@code probeFirst} when a broker overrunning the receive maximum would drop it. Returns the
     * messages set aside that must be handed on after all, because the broker no longer has their session.
     */
    synchronized List<Incoming> connected(int connection, boolean sessionPresent, boolean probeFirst) {
        current = connection;
        List<Incoming> orphans = List.of();
        if (sessionPresent) {
            resentBefore = connection;
            setAside.forEach(this::letGo);
            setAside.clear();
            resumption = persistentSession && probeFirst ? Resumption.AWAITING_PROBE : Resumption.OPEN;
        } else {
            orphanedBefore = connection;
            orphans = List.copyOf(setAside);
            setAside.clear();
            resumption = Resumption.OPEN;
        }
        notifyAll();
        return orphans;
    }

    /** The connection with this number is lost. */
    synchronized void lost(int connection) {
        lostUpTo = Math.max(lostUpTo, connection);
        notifyAll();
    }

    /**
     * Decides, after waiting while the message's connection is a resumed session that is still up and has not settled
     * yet. A message set aside is kept here.
     */
    synchronized Decision admit(Incoming message) throws InterruptedException {
        if (!mayBeResent(message)) {
            return Decision.DELIVER;
        }
        while (message.connection() == current && message.connection() > lostUpTo && resumption != Resumption.OPEN) {
            if (resumption == Resumption.AWAITING_PROBE) {
                resumption = Resumption.PROBING;
                return Decision.PROBE;
            }
            if (resumption == Resumption.PROBING) {
                wait();
            } else {
                long remaining = settledAtNanos - System.nanoTime();
                if (remaining <= 0) {
                    resumption = Resumption.OPEN;
                } else {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                }
            }
        }
        return decide(message);
    }

    /** The probe of the connection with this number is acknowledged to the broker. */
    synchronized void probeAcknowledged(int connection) {
        if (connection == current && resumption == Resumption.PROBING) {
            resumption = Resumption.SETTLING;
            settledAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
            notifyAll();
        }
    }

    /**
     * Decides again for a message already admitted, or taken back from the hand-off to Connect, after its connection
     * may have been lost: true if Connect should still get it; otherwise it is set aside or let go.
     */
    synchronized boolean stillDeliver(Incoming message) {
        return !mayBeResent(message) || decide(message) == Decision.DELIVER;
    }

    /** Messages let go because the broker resends them on the resumed session. */
    synchronized long letGo() {
        return letGo;
    }

    private boolean mayBeResent(Incoming message) {
        return persistentSession && message.qos() > 0;
    }

    private Decision decide(Incoming message) {
        int connection = message.connection();
        if (connection < orphanedBefore || connection > lostUpTo) {
            return Decision.DELIVER;
        }
        if (connection < resentBefore) {
            letGo(message);
            return Decision.LET_GO;
        }
        setAside.add(message);
        return Decision.SET_ASIDE;
    }

    private void letGo(Incoming message) {
        message.acknowledgement().run();
        letGo++;
    }
}
