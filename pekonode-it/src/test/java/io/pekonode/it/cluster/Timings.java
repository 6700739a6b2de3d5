package io.pekonode.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Records measured scenario times beside their bounds, in the log and in a report file. */
public final class Timings {

    private static final Logger LOG = LogManager.getLogger(Timings.class);

    private Timings() {
    }

    public static void record(String scenario, Duration measured, Duration bound) {
        String line = String.format("%-60s measured %6d ms   bound %6d ms", scenario, measured.toMillis(), bound.toMillis());
        LOG.info(line);
        Path file = Reports.dir().resolve("pekonode-it-timings.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("could not append to {}: {}", file, e.toString());
        }
    }
}
