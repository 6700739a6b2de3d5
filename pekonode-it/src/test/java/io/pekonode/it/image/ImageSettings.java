package io.pekonode.it.image;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the node image comes from, read from system properties that the failsafe configuration
 * sets (defaults assume the working directory is the pekonode-it module).
 *
 * @param agentLib        the agent jar and its runtime dependencies ({@code pekonode.it.agentLib})
 * @param baseImage       a JRE image to build on instead of the scratch image ({@code pekonode.it.baseImage})
 * @param javaInBaseImage the java binary inside that image ({@code pekonode.it.javaBin})
 * @param workDir         scratch space for image contexts ({@code pekonode.it.workDir})
 */
public record ImageSettings(Path agentLib, Optional<String> baseImage, String javaInBaseImage, Path workDir) {

    public static ImageSettings fromSystemProperties() {
        String base = System.getProperty("pekonode.it.baseImage", "").trim();
        return new ImageSettings(
                Path.of(System.getProperty("pekonode.it.agentLib", "../pekonode-agent/target/lib")).toAbsolutePath().normalize(),
                base.isEmpty() ? Optional.empty() : Optional.of(base),
                System.getProperty("pekonode.it.javaBin", "/opt/java/openjdk/bin/java"),
                Path.of(System.getProperty("pekonode.it.workDir", "target/it-work")).toAbsolutePath().normalize());
    }
}
