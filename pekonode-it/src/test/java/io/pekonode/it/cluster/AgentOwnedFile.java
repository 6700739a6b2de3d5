package io.pekonode.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.images.builder.Transferable;

/**
 * A file copied into a container before it starts, owned by the image's agent user (10001) with
 * mode 0600, as an operator would install a key file: the agent does not run as root, and warns
 * about key files that others can read.
 */
final class AgentOwnedFile implements Transferable {

    static final int AGENT_UID = 10001;
    private static final int OWNER_ONLY = 0600;

    private final byte[] content;

    AgentOwnedFile(byte[] content) {
        this.content = content.clone();
    }

    @Override
    public long getSize() {
        return content.length;
    }

    @Override
    public byte[] getBytes() {
        return content.clone();
    }

    @Override
    public int getFileMode() {
        return OWNER_ONLY;
    }

    @Override
    public void transferTo(TarArchiveOutputStream tar, String destination) {
        TarArchiveEntry entry = new TarArchiveEntry(destination);
        entry.setSize(content.length);
        entry.setMode(OWNER_ONLY);
        entry.setIds(AGENT_UID, AGENT_UID);
        try {
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a file into the container", e);
        }
    }
}
