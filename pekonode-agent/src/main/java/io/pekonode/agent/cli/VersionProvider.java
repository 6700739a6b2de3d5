package io.pekonode.agent.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, when there is one. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RootCommand.class.getPackage().getImplementationVersion();
        return new String[] {"pekonode " + (version != null ? version : "(development build)"),
                "Java " + Runtime.version()};
    }
}
