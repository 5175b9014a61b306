package io.fleetml.connect.common.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connector task a thread works for, read from the name Connect gives its task threads ({@code task-thread-}
 * followed by the task id, on every version from 3.7 on). A transformation on a worker without plugin metrics learns
 * nothing else about where it runs, and a task's start, poll and put all run on that thread.
 */
record ConnectTaskThread(String connector, int task) {
    private static final Pattern NAME = Pattern.compile("task-thread-(.+)-(\\d+)");

    /** The thread's task, or task 0 of connector {@code unknown} off a task thread (tests, benchmarks). */
    static ConnectTaskThread currentOrUnknown() {
        return current().orElse(new ConnectTaskThread("unknown", 0));
    }

    /** The tags Connect's plugin metrics carry for this task. */
    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", connector);
        tags.put("task", Integer.toString(task));
        return tags;
    }

    static Optional<ConnectTaskThread> current() {
        Matcher matcher = NAME.matcher(Thread.currentThread().getName());
        return matcher.matches()
                ? Optional.of(new ConnectTaskThread(matcher.group(1), Integer.parseInt(matcher.group(2))))
                : Optional.empty();
    }
}
