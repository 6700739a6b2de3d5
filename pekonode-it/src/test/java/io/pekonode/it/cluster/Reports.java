package io.pekonode.it.cluster;

import java.nio.file.Path;

/** Where failure artifacts go: beside failsafe's own reports, so CI keeps them together. */
public final class Reports {

    private Reports() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("pekonode.it.reportsDir", "target/failsafe-reports")).toAbsolutePath();
    }
}
