package io.pekonode.agent.cli;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode keygen}: a new random key, for a --secret-file line or an API token. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Prints 32 random bytes in base64: a gossip key (a line of --secret-file, or for `keys install`) "
                + "or an API token (read TOKEN / write TOKEN in --api-token-file). Needs no agent.")
public final class KeygenCommand implements Callable<Integer> {

    static final int KEY_BYTES = 32;

    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        root.io().out().println(Base64.getEncoder().encodeToString(key));
        return ExitCodes.OK;
    }
}
