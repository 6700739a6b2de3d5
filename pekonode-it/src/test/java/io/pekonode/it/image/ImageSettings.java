package io.pekonode.it.image;

import java.nio.file.Path;

/**
 * What the container tests run, read from system properties that the failsafe configuration sets
 * (defaults assume the working directory is the pekonode-it module).
 *
 * @param image    the agent image the build made ({@code pekonode.it.image})
 * @param distHome the unpacked distribution the build made ({@code pekonode.it.distHome})
 * @param workDir  scratch space for image contexts ({@code pekonode.it.workDir})
 */
public record ImageSettings(String image, Path distHome, Path workDir) {

    public static ImageSettings fromSystemProperties() {
        return new ImageSettings(
                System.getProperty("pekonode.it.image", "pekonode-agent:0.1.0-SNAPSHOT"),
                Path.of(System.getProperty("pekonode.it.distHome", "../pekonode-dist/target/pekonode-0.1.0-SNAPSHOT"))
                        .toAbsolutePath().normalize(),
                Path.of(System.getProperty("pekonode.it.workDir", "target/it-work")).toAbsolutePath().normalize());
    }
}
