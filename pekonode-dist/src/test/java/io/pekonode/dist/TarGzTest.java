package io.pekonode.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {

    private static final Instant RELEASE = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    private Path sampleTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(root.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-x---"));
        String deep = "d".repeat(60) + "/" + "e".repeat(60);
        Files.createDirectories(root.resolve(deep));
        Files.writeString(root.resolve(deep + "/" + "f".repeat(90) + ".txt"), "x".repeat(1000));
        Files.createSymbolicLink(root.resolve("bin/alias"), Path.of("tool"));
        Files.writeString(root.resolve("host-specific"), "not shipped");
        return root;
    }

    @Test
    void theSameFilesGiveTheSameBytesWhateverTheirTimes() throws IOException {
        Path a = sampleTree(temp.resolve("a"));
        Path b = sampleTree(temp.resolve("b"));
        Files.setLastModifiedTime(b.resolve("bin/tool"), FileTime.from(Instant.parse("2030-05-05T00:00:00Z")));
        TarGz.write(a, "dist-1", RELEASE, p -> false, temp.resolve("a.tar.gz"));
        TarGz.write(b, "dist-1", RELEASE, p -> false, temp.resolve("b.tar.gz"));
        assertArrayEquals(Files.readAllBytes(temp.resolve("a.tar.gz")), Files.readAllBytes(temp.resolve("b.tar.gz")));
    }

    @Test
    void tarUnpacksContentModesLinksAndLongPathsAndLeavesOutSkippedFiles() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar")), "needs tar");
        Path tree = sampleTree(temp.resolve("tree"));
        Path archive = temp.resolve("out/dist.tar.gz");
        TarGz.write(tree, "dist-1", RELEASE, "host-specific"::equals, archive);
        Path unpacked = Files.createDirectories(temp.resolve("unpacked"));
        Processes.check(unpacked, 60, List.of("tar", "xzf", archive.toString()));
        Path top = unpacked.resolve("dist-1");
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(top.resolve("bin/tool")));
        assertTrue(Files.isExecutable(top.resolve("bin/tool")), "executables stay executable");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(top.resolve("bin/tool"))));
        assertTrue(Files.isSymbolicLink(top.resolve("bin/alias")));
        assertEquals(Path.of("tool"), Files.readSymbolicLink(top.resolve("bin/alias")));
        String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(90) + ".txt";
        assertEquals("x".repeat(1000), Files.readString(top.resolve(deep)));
        assertEquals(RELEASE, Files.getLastModifiedTime(top.resolve(deep)).toInstant());
        assertFalse(Files.exists(top.resolve("host-specific")));
    }
}
