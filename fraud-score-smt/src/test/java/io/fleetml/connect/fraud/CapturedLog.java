package io.fleetml.connect.fraud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What one class logs while a test runs, so the test can assert on the ERRORs and WARNs the transform promises. Capture
 * starts when it is made; as a {@code @RegisterExtension} field it ends after each test, otherwise on close.
 */
final class CapturedLog implements AutoCloseable, AfterEachCallback {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    static CapturedLog of(Class<?> source) {
        return new CapturedLog(source);
    }

    /** The formatted messages logged at {@code level}, oldest first. */
    List<String> messages(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** For each event logged at {@code level} with a throwable, its class and message, oldest first. */
    List<String> thrown(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level && e.getThrowableProxy() != null)
                .map(e -> e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()).toList();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
