package io.fleetml.connect.common.policy;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** For tests that set the worker policy as system properties: clears them after each test, so no other test sees them. */
public final class WorkerPolicyReset implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty(WorkerPolicy.PATHS_PROPERTY);
        System.clearProperty(WorkerPolicy.ENDPOINTS_PROPERTY);
    }
}
