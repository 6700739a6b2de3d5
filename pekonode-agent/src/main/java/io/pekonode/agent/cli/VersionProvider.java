package io.pekonode.agent.cli;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import picocli.CommandLine.IVersionProvider;

/** {@code pekonode --version}: the version the agent jar was built as. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"pekonode " + version().orElse("(development build)"), "Java " + Runtime.version()};
    }

    /**
     * On the module path the version is the module's (the compiler records the project version);
     * on a class path only the jar manifest has it, and packages in named modules never see the manifest.
     */
    static Optional<String> version() {
        Optional<String> moduleVersion = Optional.ofNullable(RootCommand.class.getModule().getDescriptor())
                .flatMap(ModuleDescriptor::rawVersion);
        return moduleVersion.or(() -> Optional.ofNullable(RootCommand.class.getPackage().getImplementationVersion()));
    }
}
